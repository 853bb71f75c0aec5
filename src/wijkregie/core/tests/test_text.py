"""Names and addresses are one line of visible text in composed Unicode; Dutch names keep what they need."""

import pytest
from django.core.exceptions import ValidationError

from wijkregie.core.text import LINE_ERROR, TEXT_ERROR, plain_line, plain_text


@pytest.mark.parametrize(
    "name",
    [
        "’s-Gravenhage",
        "van der Berg-d’Hondt",
        "Zoë Çelik",
        "Đorđević",
        "J.P.",
        "O'Neill",
        "Marie-José",
        "Ōta",
    ],
)
def test_what_dutch_names_need_is_kept(name):
    assert plain_line(f"  {name} ") == name


def test_decomposed_letters_are_stored_composed_and_a_no_break_space_as_a_space():
    assert plain_line("Zoe\u0308\u00a0Jansen") == "Zoë Jansen"


@pytest.mark.parametrize(
    "hidden",
    [
        "\u202e",
        "\u200b",
        "\u200d",
        "\ufeff",
        "\x1b[31m",
        "\n",
        "\r",
        "\t",
        "\u2028",
        "\u2029",
        "\x00",
        "\ue000",
    ],
)
def test_hidden_and_line_breaking_characters_are_refused(hidden):
    with pytest.raises(ValidationError) as refused:
        plain_line(f"Jan{hidden}sen")

    assert refused.value.messages == [LINE_ERROR]


def test_free_text_keeps_its_lines_and_refuses_the_rest():
    assert plain_text(" Regel een\r\nRegel\ttwee ") == "Regel een\nRegel\ttwee"
    with pytest.raises(ValidationError) as refused:
        plain_text("Betaal aan \u202erekening")
    assert refused.value.messages == [TEXT_ERROR]
