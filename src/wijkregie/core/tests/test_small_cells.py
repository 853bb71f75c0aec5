"""The small-cell rule: 1 to 4 persons show as "<5", and no shown total gives a hidden cell away."""

from wijkregie.core.small_cells import given_away, hidden_cells, is_small, shown


def test_one_to_four_is_small_zero_and_five_are_not():
    assert [is_small(n) for n in (0, 1, 4, 5, None)] == [False, True, True, False, False]
    assert (shown(3, True), shown(3, False)) == (None, 3)


def test_a_lone_hidden_cell_takes_the_smallest_other_cell_with_it_when_the_total_is_shown():
    sizes = {"a": 40, "b": 3, "c": 12, "d": 7, "total": 62}

    hidden = hidden_cells(sizes, [(["a", "b", "c", "d"], "total")])

    assert hidden == {"b", "d"}  # 62 - 40 - 12 no longer gives 3
    assert sum(sizes[k] for k in "abcd" if k not in hidden) != sizes["total"]


def test_without_a_shown_total_only_small_cells_are_hidden():
    assert hidden_cells({"a": 40, "b": 3}, [(["a", "b"], None)]) == {"b"}


def test_a_hidden_total_protects_its_line():
    sizes = {"a": 2, "b": 1, "total": 3}

    assert hidden_cells(sizes, [(["a", "b"], "total")]) == {"a", "b", "total"}


def test_two_dimensions_are_followed_until_nothing_changes():
    # rows r1, r2 and columns c1, c2 with their totals; one small cell in the middle
    sizes = {
        ("r1", "c1"): 20, ("r1", "c2"): 2, ("r1", "t"): 22,
        ("r2", "c1"): 30, ("r2", "c2"): 9, ("r2", "t"): 39,
        ("t", "c1"): 50, ("t", "c2"): 11, ("t", "t"): 61,
    }  # fmt: skip
    lines = [
        ([("r1", "c1"), ("r1", "c2")], ("r1", "t")),
        ([("r2", "c1"), ("r2", "c2")], ("r2", "t")),
        ([("r1", "c1"), ("r2", "c1")], ("t", "c1")),
        ([("r1", "c2"), ("r2", "c2")], ("t", "c2")),
    ]

    hidden = hidden_cells(sizes, lines)

    assert hidden == {("r1", "c1"), ("r1", "c2"), ("r2", "c1"), ("r2", "c2")}
    for cells, total in lines:  # every line with a shown total keeps at least two hidden cells or none
        assert len([c for c in cells if c in hidden]) != 1 or total in hidden


def test_a_filtered_cell_that_would_give_the_rest_away_is_named_and_hidden_with_its_line():
    district = {"jan": 6, "feb": 12, "year": 18}
    municipality = {"jan": 8, "feb": 20, "year": 26}  # the rest: 2 in January, 8 in February

    away = given_away(district, municipality)
    hidden = hidden_cells(district, [(["jan", "feb"], "year")], away)

    assert away == {"jan"}
    assert hidden == {"jan", "feb"}  # the year minus February would show January again
    assert given_away(district, district) == set()  # nothing outside the filter: nothing to give away
