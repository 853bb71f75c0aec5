"""Forms render with NL Design System classes and accessible error links (aria-describedby, aria-invalid)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

_CLASS_BY_WIDGET = {
    forms.Select: "utrecht-select",
    forms.SelectMultiple: "utrecht-select",
    forms.Textarea: "utrecht-textarea",
    forms.CheckboxInput: "utrecht-checkbox",
    # Before RadioSelect: a group of checkboxes is a RadioSelect subclass.
    forms.CheckboxSelectMultiple: "utrecht-checkbox",
    forms.RadioSelect: "utrecht-radio-button",
}


class StyledFormMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            css = next((c for t, c in _CLASS_BY_WIDGET.items() if isinstance(widget, t)), "utrecht-textbox")
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self._element_id(name)}_help"

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                attrs = self.fields[name].widget.attrs  # type: ignore[attr-defined]
                attrs["aria-invalid"] = "true"
                error_id = f"{self._element_id(name)}_error"
                attrs["aria-describedby"] = f"{attrs.get('aria-describedby', '')} {error_id}".strip()

    def _element_id(self, name: str) -> str:
        """The field's element id as the templates write it, prefix included (e.g. id_besluit-volume)."""
        # Built like BoundField.auto_id, without creating the bound field: it would cache the field's
        # help text before a subclass's __init__ sets it.
        html_name = self.add_prefix(name)  # type: ignore[attr-defined]
        auto_id = str(self.auto_id or "id_%s")  # type: ignore[attr-defined]
        return auto_id % html_name if "%s" in auto_id else html_name

    def apply_service_errors(self, error: Any) -> None:
        """Put a service's ValidationError messages on the matching form fields."""
        for field, texts in getattr(error, "message_dict", {"__all__": error.messages}).items():
            target = field if field in self.fields else None  # type: ignore[attr-defined]
            for message in texts:
                self.add_error(target, message)  # type: ignore[attr-defined]


class StyledForm(StyledFormMixin, forms.Form):
    pass


def submitted(request: Any, form: Any, save: Callable[[dict[str, Any]], Any], success: str) -> bool:
    """The POST half of a form page: validate, call the service, put its Dutch field errors on the form.

    True when the service saved (a success message is queued); the view then redirects."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save(form.cleaned_data)
    except ValidationError as error:
        form.apply_service_errors(error)
        return False
    messages.success(request, success)
    return True


def posted(request: Any) -> Any:
    """The data a form page binds: the POST on a POST, nothing on a GET (an unbound form)."""
    return request.POST if request.method == "POST" else None


def form_page(
    request: Any,
    form: Any,
    write: Callable[..., Any],
    *,
    template: str,
    title: str,
    done: str,
    back: str,
    intro: str = "",
    **extra: Any,
) -> HttpResponse:
    """A whole form page: show the form; on a valid POST let the service write as the user and go `back`
    (a URL name), or show the service's Dutch errors on the form. A form carrying a version (an edit page)
    passes it to the service as `expected_version`."""

    def save(data: dict[str, Any]) -> Any:
        if "version" in form.fields:
            data = {**data, "expected_version": data.get("version")}
            del data["version"]
        return write(acting_user=request.user, **data)

    if submitted(request, form, save, done):
        return redirect(back)
    return render(request, template, {"form": form, "title": title, "intro": intro, "back": back, **extra})


def multiple_choice(label: str, help_text: str = "", *, invalid: str) -> forms.ModelMultipleChoiceField:
    """An optional group of checkboxes over a queryset the form sets later (per user, from the policy)."""
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=None,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": invalid, "invalid_pk_value": invalid},
    )


def style_checkboxes(form: forms.Form) -> None:
    """Checkbox and radio groups added or changed after StyledForm styled the fields get their own class."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.CheckboxSelectMultiple):  # before RadioSelect: it is a subclass
            field.widget.attrs["class"] = "utrecht-checkbox"
        elif isinstance(field.widget, forms.RadioSelect):
            field.widget.attrs["class"] = "utrecht-radio-button"


FormT = TypeVar("FormT", bound=forms.BaseForm)


def carrying_version(form: FormT, instance: Any) -> FormT:
    """An edit form carries the version of what it shows, so the service can refuse a change made on an
    older one (core.versioning); the page then shows the current values with a Dutch message."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, initial=instance.version
    )
    return form


def sent_version(data: dict[str, Any]) -> int | None:
    """Take the version a posted edit form carried out of its data."""
    version: int | None = data.pop("version", None)
    return version
