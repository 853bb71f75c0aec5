"""The iStandaarden code lists (iWmo 3.2, iJw 3.2), read from the published standard's folder.

The folder is `WIJKREGIE_ISTANDAARDEN_DIR` (default: `../shared/standards` next to the checkout). When a
list is not there, `codes()` answers None and callers fall back to the structural check (the code's form):
the lists are data Wijkregie reads, not a copy it keeps.
"""

import re
from functools import cache
from pathlib import Path

from django.conf import settings

ROW = re.compile(r"^\|\s*([0-9A-Z]{1,5})\s*\|\s*([^|]+?)\s*\|")


def standards_dir() -> Path:
    return Path(settings.WIJKREGIE_ISTANDAARDEN_DIR)


@cache
def _read(standard: str, list_id: str) -> dict[str, str] | None:
    folder = standards_dir() / standard / "codelists"
    if not folder.is_dir():
        return None
    matches = sorted(folder.glob(f"{list_id}*"))
    if not matches:
        return None
    codes: dict[str, str] = {}
    in_table = False  # inside a table whose first column is headed "Code"
    for line in matches[0].read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if not cells:
            in_table = False
        elif cells[0].lower() == "code":
            in_table = True
        elif in_table and (found := ROW.match(line)):
            codes[found.group(1)] = found.group(2)
    return codes or None


def codes(standard: str, list_id: str) -> dict[str, str] | None:
    """Code → description of one list (e.g. ("iwmo-3.2", "WMO020")), or None when the list is absent."""
    return _read(standard, list_id)
