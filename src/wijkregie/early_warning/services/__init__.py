"""Writes for vroegsignalering: signal files in (`files`), matching and bundling (`matching`), the outreach
work on a zaak (`outreach`), settings and partners (`setup`), retention (`retention`) and the DDAS delivery
(`delivery`). Each function owns its transaction and writes its audit rows with it."""
