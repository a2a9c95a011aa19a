"""The audit trail's filter form."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.org.models import Unit
from apps.portal.selectors.audit import AuditFilter

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# Checked by the browser before htmx sends the form; the server checks again.
DATE_PATTERN = r"\s*(\d{1,2}/\d{1,2}/\d{4}|\d{4}-\d{2}-\d{2})\s*"


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={"invalid": _("Enter a date as dd/mm/yyyy.")},
        widget=forms.TextInput(
            attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "pattern": DATE_PATTERN, "inputmode": "text"}
        ),
    )


class AuditFilterForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.order_by("sort_order", "name"),
        required=False,
        empty_label=_("All units"),
        error_messages={"invalid_choice": _("This unit does not exist.")},
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    user = forms.CharField(
        label=_("User"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": _("Username or name")}),
    )
    action = forms.CharField(
        label=_("Action"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "user.login"}),
    )
    object_type = forms.CharField(
        label=_("Object type"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "accounts.user"}),
    )
    object_id = forms.CharField(
        label=_("Object id"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    date_from = _date_field(_("From"))
    date_to = _date_field(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data
        unit = data.get("unit")
        return AuditFilter(
            unit_id=unit.pk if unit is not None else None,
            user=data.get("user") or "",
            object_type=data.get("object_type") or "",
            object_id=data.get("object_id") or "",
            action=data.get("action") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
