"""The forms kit: Bootstrap classes, service errors on the form, versioned forms, Vietnamese dates and numbers.

Forms only parse input; services validate and save. Django's CharField already refuses NUL
characters (PostgreSQL cannot store them) with a message next to the field.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"


class BootstrapMixin:
    """Give every widget the Bootstrap 5 class it needs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for bound in self.fields.values():  # type: ignore[attr-defined]
            widget = bound.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.HiddenInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select | forms.SelectMultiple) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: field errors next to the field, others on top."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def date_field(label: Any, *, required: bool = False) -> forms.DateField:
    """A dd/mm/yyyy date field."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(format=DATE_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("Format dd/mm/yyyy."),
    )


class VersionedForm(forms.Form):
    """An edit form carries the version of the object it was based on (a stale save is refused).

    `require_version=True` for every edit of an existing object: a missing version is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args: Any, require_version: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = require_version
