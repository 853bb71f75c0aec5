"""Form fields point their aria-describedby at the help and error elements the templates render."""

from django import forms

from wijkregie.core.forms import StyledForm


class _Form(StyledForm):
    volume = forms.IntegerField(label="Omvang", help_text="In uren.")


def test_described_by_follows_the_prefix():
    form = _Form({"besluit-volume": "x"}, prefix="besluit")
    assert form["volume"].auto_id == "id_besluit-volume"
    assert not form.is_valid()
    described = form.fields["volume"].widget.attrs["aria-describedby"].split()
    assert described == ["id_besluit-volume_help", "id_besluit-volume_error"]
    assert form.fields["volume"].widget.attrs["aria-invalid"] == "true"


def test_described_by_without_a_prefix():
    form = _Form({})
    assert form.fields["volume"].widget.attrs["aria-describedby"] == "id_volume_help"
