"""Steering figures never show a small group of people: a cell counting 1 to 4 persons shows as "<5"
(primary suppression), and where a shown total minus the other shown cells would give such a cell away, one
more cell of that line is hidden too (secondary suppression). One rule for every aggregate page, endpoint and
export; the callers say which cells add up to which total."""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

SMALL = 5  # the smallest number of persons a cell may show
HIDDEN = "<5"

K = TypeVar("K", bound=Hashable)


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < SMALL


def hidden_cells(
    sizes: Mapping[K, int], lines: Iterable[tuple[Sequence[K], K | None]] = (), also: Iterable[K] = ()
) -> set[K]:
    """The cells to hide. `sizes`: persons per cell (a total is a cell too). `lines`: (cells, total) where
    the cells add up to the total (None: a total that is not shown). `also`: cells to hide besides the small
    ones (see `given_away`). A line with exactly one hidden cell and its total shown gets its smallest other
    non-empty cell hidden as well, until nothing changes."""
    hidden = {key for key, size in sizes.items() if is_small(size)} | set(also)
    lines = list(lines)
    changed = True
    while changed:
        changed = False
        for cells, total in lines:
            if total is None or total in hidden:
                continue
            inside = [key for key in cells if key in hidden]
            others = sorted(
                (sizes[key], str(key), key) for key in cells if key not in hidden and sizes[key] > 0
            )
            if len(inside) == 1 and others:
                hidden.add(others[0][2])
                changed = True
            elif len(inside) == 1:  # the total is the one hidden cell itself: hide it too
                hidden.add(total)
                changed = True
    return hidden


def given_away(filtered: Mapping[K, int], *wider: Mapping[K, int]) -> set[K]:
    """The cells of a filtered answer (one district, one team) that the same cell of a wider answer (fewer
    filters) would give away by subtraction: the persons in the wider cell but not in this one are 1 to 4."""
    return {key for key, size in filtered.items() for other in wider if is_small(other.get(key, 0) - size)}


def shown(count: int, hidden: bool) -> int | None:
    """The count as a page or an export may show it: None (rendered "<5") when hidden."""
    return None if hidden else count
