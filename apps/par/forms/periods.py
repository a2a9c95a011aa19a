"""Input forms for scoring periods, measured values and the self-assessment. They only parse input;
the services validate and save."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.input_bounds import MAX_DB_INT
from apps.core.web.forms import BootstrapMixin, VersionedForm, VietDecimalField, date_field
from apps.org.models import UnitGroup
from apps.par.models import CriteriaSet, ScoringPeriod, default_bands

BAND_ROWS = 6


def _points(label: Any, help_text: Any = "") -> VietDecimalField:
    return VietDecimalField(
        label=label, min_value=Decimal(0), max_digits=7, decimal_places=2, initial=Decimal(0), help_text=help_text
    )


class PeriodSettingsForm(BootstrapMixin, VersionedForm):
    """The settings of a period that may change while it is open."""

    name = forms.CharField(label=_("Name"), max_length=255)
    self_assessment_deadline = date_field(_("Self-assessment deadline"), required=True)
    appraisal_deadline = date_field(_("Appraisal deadline"), required=True)
    explanation_deadline = date_field(_("Explanation deadline"), required=True)
    survey_points = _points(_("Survey points"), _("Points of the sociological survey (0 when there is none)."))
    bonus_cap = _points(_("Bonus cap"), _("0 means no cap."))
    penalty_cap = _points(_("Penalty cap"), _("0 means no cap."))

    def __init__(self, *args: Any, bands: list[dict[str, Any]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(bands if bands is not None else default_bands())
        for i in range(BAND_ROWS):
            row = rows[i] if i < len(rows) else {"label": "", "min": ""}
            self.fields[f"band_label_{i}"] = forms.CharField(
                label=_("Band label"), max_length=50, required=False, initial=row["label"]
            )
            self.fields[f"band_min_{i}"] = VietDecimalField(
                label=_("From (%)"),
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                decimal_places=2,
                initial=row["min"],
            )

    def band_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"band_label_{i}"], self[f"band_min_{i}"]) for i in range(BAND_ROWS)]

    def main_fields(self) -> list[forms.BoundField]:
        return [f for f in self.visible_fields() if not f.name.startswith("band_")]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        bands: list[dict[str, Any]] = []
        for i in range(BAND_ROWS):
            label = (cleaned.get(f"band_label_{i}") or "").strip()
            minimum = cleaned.get(f"band_min_{i}")
            if not label and minimum is None:
                continue
            if not label or minimum is None:
                self.add_error(f"band_label_{i}", _("Give each band both a label and a minimum."))
                continue
            bands.append({"label": label, "min": float(minimum)})
        cleaned["bands"] = bands
        return cleaned

    def service_fields(self) -> dict[str, Any]:
        keys = [
            "name",
            "self_assessment_deadline",
            "appraisal_deadline",
            "explanation_deadline",
            "survey_points",
            "bonus_cap",
            "penalty_cap",
            "bands",
        ]
        return {key: self.cleaned_data[key] for key in keys}

    @staticmethod
    def initial_for(period: ScoringPeriod) -> dict[str, Any]:
        return {
            "name": period.name,
            "self_assessment_deadline": period.self_assessment_deadline,
            "appraisal_deadline": period.appraisal_deadline,
            "explanation_deadline": period.explanation_deadline,
            "survey_points": period.survey_points,
            "bonus_cap": period.bonus_cap,
            "penalty_cap": period.penalty_cap,
            "version": period.version,
        }


class PeriodOpenForm(PeriodSettingsForm):
    """Open a period: which year, which group and which criteria set, then the settings."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    group = forms.ModelChoiceField(label=_("Group of units"), queryset=UnitGroup.objects.none())
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"),
        queryset=CriteriaSet.objects.none(),
        help_text=_("The criteria set of this group for this year."),
    )

    field_order = ["year", "group", "criteria_set", "name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = UnitGroup.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["criteria_set"].queryset = CriteriaSet.objects.select_related("group").order_by(  # type: ignore[attr-defined]
            "-year", "group__name"
        )
        self.fields["criteria_set"].label_from_instance = lambda s: f"{s.year} · {s.group.name} · {s.name}"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        criteria_set, group, year = cleaned.get("criteria_set"), cleaned.get("group"), cleaned.get("year")
        if criteria_set is not None and group is not None and criteria_set.group_id != group.pk:
            self.add_error("criteria_set", _("The criteria set belongs to another group of units."))
        if criteria_set is not None and year is not None and criteria_set.year != year:
            self.add_error("criteria_set", _("The criteria set is for another year."))
        return cleaned


class MeasuredValueForm(forms.Form):
    unit = forms.IntegerField(min_value=1, max_value=MAX_DB_INT)
    metric = forms.CharField(max_length=100)
    value = VietDecimalField(label=_("Value"))  # "0,95" is 0.95, never 95
    source_note = forms.CharField(label=_("Source"), max_length=500)
    version = forms.IntegerField(required=False, min_value=0)


class ReturnForm(VersionedForm):
    """Return a submitted assessment; the service refuses a missing version with its own message."""

    reason = forms.CharField(
        label=_("Return to the unit for correction"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class UploadForm(VersionedForm):
    """Upload a file onto a leaf; the version is the score's (the service refuses a missing one)."""

    title = forms.CharField(label=_("Title"), max_length=255, required=False)
    file = forms.FileField(label=_("File"))
