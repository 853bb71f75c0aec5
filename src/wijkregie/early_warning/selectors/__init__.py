"""Reads for vroegsignalering, one module per part (`delivery`: the DDAS delivery's credentials)."""
