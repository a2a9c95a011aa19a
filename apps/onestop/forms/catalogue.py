"""Input forms of the catalogue pages. They only parse input; the services validate and save."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.core.input_bounds import MAX_DB_INT
from apps.core.web.forms import BootstrapMixin, VersionedForm
from apps.onestop.models import Office, OnlineMode, Procedure, ProcedureLevel
from apps.onestop.selectors.procedures import agency_choices, office_unit_choices
from apps.onestop.services.procedures import LEGACY_LEVELS, MAX_STEPS, StepSpec

NUMERIC = forms.NumberInput(attrs={"inputmode": "numeric"})


def legacy_level_label(level: int | None) -> str:
    """ "Level 3 (old)" (Mức độ 3 (cũ)): how older reports name the online service level."""
    if not level:
        return ""
    return str(_("Level %(n)d (old)") % {"n": level})


def legacy_level_choices() -> list[tuple[str, str]]:
    return [("", str(_("(none)")))] + [(str(n), legacy_level_label(n)) for n in LEGACY_LEVELS]


class UnitChoiceField(forms.ModelChoiceField):
    """A unit by id, labelled by its short name; an id too large for the database is an invalid choice."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.short_name or obj.name)

    def to_python(self, value: Any) -> Any:
        text = str(value or "").strip()
        if text.isdigit() and int(text) > MAX_DB_INT:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ProcedureFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search by code, name or field"), max_length=200, required=False)
    field = forms.ChoiceField(label=pgettext_lazy("administrative procedure", "Field"), required=False)
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=[("", _("All levels")), *ProcedureLevel.choices]
    )
    agency = UnitChoiceField(label=_("Resolving agency"), queryset=None, required=False, empty_label=_("All agencies"))
    online = forms.ChoiceField(
        label=_("Online mode"), required=False, choices=[("", _("All modes")), *OnlineMode.choices]
    )

    def __init__(self, *args: Any, fields: list[str], agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("All fields")), *((f, f) for f in fields)]  # type: ignore[attr-defined]
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class ProcedureForm(BootstrapMixin, VersionedForm):
    code = forms.CharField(
        label=_("National code"),
        max_length=40,
        help_text=_("As in the national database of procedures, e.g. 1.001193."),
    )
    name = forms.CharField(label=_("Name"), max_length=600, widget=forms.Textarea(attrs={"rows": 2}))
    field = forms.CharField(
        label=pgettext_lazy("administrative procedure", "Field"),
        max_length=200,
        help_text=_("e.g. Hộ tịch, Đất đai, Chứng thực."),
        widget=forms.TextInput(attrs={"list": "procedure-fields", "autocomplete": "off"}),
    )
    level = forms.ChoiceField(label=_("Level"), choices=ProcedureLevel.choices)
    agency = UnitChoiceField(
        label=_("Resolving agency"),
        queryset=None,
        required=False,
        help_text=_("Empty for a commune-level procedure: the commune that receives it resolves it."),
    )
    time_limit_days = forms.IntegerField(
        label=_("Time limit (working days)"),
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    fees = forms.CharField(label=_("Fees and charges"), max_length=500, required=False)
    online_mode = forms.ChoiceField(label=_("Online mode"), choices=OnlineMode.choices)
    legacy_level = forms.TypedChoiceField(
        label=_("Online service level (old, 1-4)"),
        choices=legacy_level_choices,
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("For reports under the old rules."),
    )
    postal_allowed = forms.BooleanField(label=_("Postal service allowed"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=500, required=False)
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_choices()  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(procedure: Procedure) -> dict[str, Any]:
        return {
            "code": procedure.code,
            "name": procedure.name,
            "field": procedure.field,
            "level": procedure.level,
            "agency": procedure.agency_id,
            "time_limit_days": procedure.time_limit_days,
            "fees": procedure.fees,
            "online_mode": procedure.online_mode,
            "legacy_level": procedure.legacy_level or "",
            "postal_allowed": procedure.postal_allowed,
            "legal_basis": procedure.legal_basis,
            "is_active": procedure.is_active,
            "version": procedure.version,
        }

    def service_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["fees"] = data.get("fees") or ""
        data["legal_basis"] = data.get("legal_basis") or ""
        return data


class StepForm(BootstrapMixin, forms.Form):
    agency = UnitChoiceField(label=_("Agency"), queryset=None, required=False)
    days = forms.IntegerField(
        label=_("Working days"),
        min_value=1,
        max_value=365,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    title = forms.CharField(label=_("What it does"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agency_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agency, days = data.get("agency"), data.get("days")
        if agency is None and days is None and not data.get("title"):
            return data
        if agency is None and "agency" not in self.errors:
            self.add_error("agency", _("Choose the agency of this step."))
        if days is None and "days" not in self.errors:
            self.add_error("days", _("Enter the working days of this step."))
        return data


class BaseStepFormSet(forms.BaseFormSet):
    def specs(self) -> list[StepSpec]:
        """The filled rows, in order."""
        return [
            StepSpec(
                agency=f.cleaned_data["agency"], days=f.cleaned_data["days"], title=f.cleaned_data.get("title") or ""
            )
            for f in self.forms
            if f.cleaned_data.get("agency") is not None and f.cleaned_data.get("days") is not None
        ]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=3, max_num=MAX_STEPS, validate_max=True, absolute_max=MAX_STEPS
)


def step_initial(procedure: Procedure) -> list[dict[str, Any]]:
    return [{"agency": s.agency_id, "days": s.days, "title": s.title} for s in procedure.steps.all()]


class OfficeForm(BootstrapMixin, VersionedForm):
    unit = UnitChoiceField(label=_("Unit"), queryset=None)
    agency_code = forms.CharField(
        label=_("Agency code (QCVN 102)"),
        max_length=40,
        help_text=_("The first part of its dossiers' codes, e.g. 000.00.08.H56."),
    )
    code_pattern = forms.CharField(
        label=_("Dossier code pattern"),
        max_length=60,
        initial="{agency}-{yymmdd}-{seq:04d}",
        help_text=_("{agency}, {yymmdd} and {seq:04d} (the day's number, at least 4 digits)."),
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, office: Office | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = office_unit_choices(office=office)  # type: ignore[attr-defined]
        if office is not None:
            self.fields["unit"].disabled = True

    @staticmethod
    def initial_for(office: Office) -> dict[str, Any]:
        return {
            "unit": office.unit_id,
            "agency_code": office.agency_code,
            "code_pattern": office.code_pattern,
            "is_active": office.is_active,
            "version": office.version,
        }


class OfficeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by unit or agency code"), max_length=200, required=False)


class CatalogueImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The layout of the exported catalogue: a sheet of procedures and a sheet of steps."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
