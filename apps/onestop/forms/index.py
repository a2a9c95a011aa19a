"""Forms of the service index: an indicator of the definition, an entered rate (typed in percent,
with the Vietnamese decimal comma)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.web.forms import BootstrapMixin, VersionedForm, VietDecimalField
from apps.onestop.engine.index import FormulaKind

HUNDRED = Decimal(100)


def percent_field(label: Any, *, required: bool = False, help_text: Any = "") -> VietDecimalField:
    return VietDecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=HUNDRED,
        max_length=12,
        help_text=help_text,
    )


class IndicatorForm(BootstrapMixin, VersionedForm):
    group = forms.CharField(label=_("Group"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = VietDecimalField(
        label=_("Maximum points"), min_value=Decimal(0), max_value=HUNDRED, max_length=12, required=True
    )
    formula = forms.ChoiceField(label=_("Formula"), choices=FormulaKind.choices)
    full_at = percent_field(
        _("Full points at (%)"),
        help_text=_("Empty: full points at 100 %. Points = maximum when the rate reaches it, else in proportion."),
    )
    source = forms.CharField(
        label=_("Computed from (metric key)"),
        max_length=80,
        required=False,
        help_text=_("Empty: an officer enters the rate every month."),
    )

    def ratio(self) -> Decimal | None:
        value = self.cleaned_data.get("full_at")
        return None if value is None else value / HUNDRED


class EnteredValueForm(BootstrapMixin, forms.Form):
    indicator = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    unit = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    month = forms.CharField(widget=forms.HiddenInput, max_length=7)
    value = percent_field(_("Rate (%)"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def ratio(self) -> Decimal | None:
        value = self.cleaned_data.get("value")
        return None if value is None else value / HUNDRED
