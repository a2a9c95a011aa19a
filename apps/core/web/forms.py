"""The forms kit: Bootstrap classes, service errors on the form, versioned forms, Vietnamese dates and numbers.

Forms only parse input; services validate and save. Django's CharField already refuses NUL
characters (PostgreSQL cannot store them) with a message next to the field.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.utils.formats import get_format
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


# --- Numbers as people type them --------------------------------------------------------------


def _grouped(digits: str, separator: str) -> bool:
    """ "1.234.567" grouped by `separator` in threes (the first group 1-3 digits)."""
    parts = digits.split(separator)
    return (
        bool(parts[0])
        and len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
        and digits.replace(separator, "").isdigit()
    )


def parse_decimal(text: Any) -> Decimal | None:
    """A number typed the Vietnamese way or the machine way; None when blank.

    "0,4" → 0.4, "0.4" → 0.4, "1.234,5" → 1234.5, "1,234.5" → 1234.5, "1.234.567" → 1234567,
    "12 345,6" → 12345.6. With both separators the last one is the decimal mark; a lone
    separator is the decimal mark; a repeated one groups thousands. Raises ValueError (with a
    Vietnamese message) on anything else: letters, exponents, "NaN", "1,2,3".
    """
    if text is None:
        return None
    if isinstance(text, Decimal | int):
        return Decimal(text)
    raw = str(text).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if not raw:
        return None
    sign = ""
    if raw[0] in "+-":
        sign, raw = ("-" if raw[0] == "-" else ""), raw[1:]
    invalid = ValueError(str(_("Enter a number, e.g. 0,5 or 1.234,5.")))
    if not raw or not set(raw) <= set("0123456789.,"):
        raise invalid
    commas, dots = raw.count(","), raw.count(".")
    if commas and dots:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _sep, fraction = raw.rpartition(decimal_mark)
        if decimal_mark in whole or not _grouped(whole, group_mark) or not fraction.isdigit():
            raise invalid
        digits = f"{whole.replace(group_mark, '')}.{fraction}"
    elif commas > 1 or dots > 1:
        mark = "," if commas else "."
        if not _grouped(raw, mark):
            raise invalid
        digits = raw.replace(mark, "")
    else:
        digits = raw.replace(",", ".")
        if digits.startswith("."):
            digits = "0" + digits
        if digits.endswith(".") or not digits.replace(".", "").isdigit():
            raise invalid
    try:
        return Decimal(sign + digits)
    except InvalidOperation as exc:  # pragma: no cover - the checks above leave only digits and one dot
        raise invalid from exc


class VietDecimalField(forms.Field):
    """A decimal typed with a comma or a dot ("0,4", "1.234,5"); a text input with the decimal keypad
    (type="number" refuses the comma in many browsers and silently drops what it cannot read).
    `min_value`, `max_value`, `max_digits` and `decimal_places` check it as DecimalField does."""

    widget = forms.TextInput

    def __init__(
        self,
        *,
        max_length: int = 30,
        min_value: Decimal | None = None,
        max_value: Decimal | None = None,
        max_digits: int | None = None,
        decimal_places: int | None = None,
        **kwargs: Any,
    ) -> None:
        self.max_length = max_length
        super().__init__(**kwargs)
        if min_value is not None:
            self.validators.append(validators.MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(validators.MaxValueValidator(max_value))
        if max_digits is not None or decimal_places is not None:
            self.validators.append(validators.DecimalValidator(max_digits, decimal_places))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": str(self.max_length)})
        return attrs

    def prepare_value(self, value: Any) -> Any:
        return typed_number(value) if isinstance(value, Decimal) else value

    def to_python(self, value: Any) -> Decimal | None:
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if len(text) > self.max_length:
            raise ValidationError(_("Enter a number, e.g. 0,5 or 1.234,5."), code="invalid")
        try:
            return parse_decimal(text)
        except ValueError as exc:
            raise ValidationError(str(exc), code="invalid") from exc


def typed_number(number: Decimal | None) -> str:
    """A decimal as a person would type it back into a field: the locale's decimal mark, no
    grouping, no trailing zeros ("0,95", "1234,5"); parse_decimal reads it again."""
    if number is None:
        return ""
    text = format(number.normalize(), "f") if number else "0"
    return text.replace(".", str(get_format("DECIMAL_SEPARATOR")))
