"""The working-day calendar's override form."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from apps.core.models import CalendarOverride
from apps.core.web.forms import VersionedForm

MIN_YEAR = 2000
MAX_YEAR = 2100


class OverrideForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Date"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=CalendarOverride.Kind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=255, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    legal_reference = forms.CharField(
        label=gettext_lazy("Legal reference"),
        max_length=255,
        help_text=gettext_lazy("The decision that declares this day, e.g. its number and date."),
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_date(self) -> dt.date:
        value: dt.date = self.cleaned_data["date"]
        if not MIN_YEAR <= value.year <= MAX_YEAR:
            raise ValidationError(
                gettext_lazy("Choose a date between %(first)s and %(last)s."),
                params={"first": MIN_YEAR, "last": MAX_YEAR},
            )
        return value


class OverrideEditForm(OverrideForm, VersionedForm):
    """Editing an override: the version the editor saw is required (a stale save is refused)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, require_version=True, **kwargs)
