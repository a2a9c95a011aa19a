"""Forms of the dossier pages: the receipt, the inbox filters and each lifecycle action.

Forms only parse input; the services in apps.onestop.services.dossiers validate and save."""

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.web.forms import VersionedForm, date_field
from apps.onestop.models import Channel, DossierState, Procedure, ResultDelivery
from apps.onestop.selectors.dossiers import Tab

SELECT_LIMIT = 300  # up to this many procedures, the form offers a select; beyond, the code is typed
DOCUMENT_ROWS = 3
DOCUMENT_KINDS = [("original", _("Original")), ("certified_copy", _("Certified copy")), ("copy", _("Copy"))]


class ProcedureField(forms.Field):
    """A procedure by its id (the select, the picker) or by its national code (typed)."""

    default_error_messages = {
        "required": _("Choose the procedure."),
        "invalid": _("No procedure in force has this code."),
    }

    def to_python(self, value: Any) -> Procedure | None:
        text = str(value or "").strip()
        if not text:
            return None
        procedures = Procedure.objects.filter(is_active=True)
        found = procedures.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
        found = found or procedures.filter(code=text).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


def _procedure_widget() -> forms.Widget:
    procedures = Procedure.objects.filter(is_active=True).order_by("code").only("pk", "code", "name")
    if procedures[SELECT_LIMIT : SELECT_LIMIT + 1].exists():
        return forms.TextInput(attrs={"placeholder": _("National code, e.g. 2.000001"), "autocomplete": "off"})
    choices = [("", _("— choose —"))] + [(str(p.pk), f"{p.code} · {p.name}") for p in procedures]
    return forms.Select(choices=choices)


class ReceiveForm(forms.Form):
    procedure = ProcedureField(label=_("Procedure"))
    applicant_name = forms.CharField(label=_("Applicant's full name"), max_length=200)
    applicant_phone = forms.CharField(
        label=_("Phone"), max_length=30, required=False, widget=forms.TextInput(attrs={"inputmode": "tel"})
    )
    applicant_email = forms.CharField(
        label=_("E-mail"), max_length=254, required=False, widget=forms.TextInput(attrs={"inputmode": "email"})
    )
    applicant_address = forms.CharField(label=_("Address (optional)"), max_length=300, required=False)
    channel = forms.ChoiceField(label=_("Handed in"), choices=Channel.choices, initial=Channel.IN_PERSON)
    result_delivery = forms.ChoiceField(
        label=_("How the result is returned"), choices=ResultDelivery.choices, initial=ResultDelivery.COUNTER
    )
    sets = forms.IntegerField(label=_("Number of sets"), min_value=1, max_value=99, initial=1)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    office_unit = forms.TypedChoiceField(label=_("Front office"), coerce=int, required=False)

    def __init__(self, *args: Any, offices: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offices = offices or []
        self.fields["procedure"].widget = _procedure_widget()
        self.fields["procedure"].widget.attrs.update({"autofocus": True, "data-procedure-field": ""})
        office_field = cast(forms.TypedChoiceField, self.fields["office_unit"])
        office_field.choices = [(u.pk, u.name) for u in self.offices]
        if len(self.offices) <= 1:
            self.fields["office_unit"].widget = forms.HiddenInput()
        self.document_rows = self._document_rows()

    def _document_rows(self) -> list[dict[str, Any]]:
        if not self.is_bound:
            return [{"name": "", "kind": "original", "quantity": 1} for _i in range(DOCUMENT_ROWS)]
        names = self.data.getlist("doc_name") if hasattr(self.data, "getlist") else []
        kinds = self.data.getlist("doc_kind") if hasattr(self.data, "getlist") else []
        quantities = self.data.getlist("doc_quantity") if hasattr(self.data, "getlist") else []
        rows = [
            {
                "name": str(name)[:300],
                "kind": kinds[i] if i < len(kinds) else "original",
                "quantity": quantities[i] if i < len(quantities) else "1",
            }
            for i, name in enumerate(names[:100])
        ]
        return rows or [{"name": "", "kind": "original", "quantity": 1}]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("applicant_phone") or "").strip() and not (data.get("applicant_email") or "").strip():
            self.add_error("applicant_phone", _("Enter a phone number or an e-mail address."))
        office = data.get("office_unit")
        ids = [u.pk for u in self.offices]
        if office in (None, "") and ids:
            data["office_unit"] = ids[0]
        elif office not in ids:
            self.add_error("office_unit", _("Choose one of your front offices."))
        return data

    def documents(self) -> list[dict[str, Any]]:
        return [row for row in self.document_rows if str(row["name"]).strip()]


class InboxFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=[(t, t) for t in Tab.ALL], required=False)
    q = forms.CharField(label=_("Code, name or phone"), required=False, max_length=100)
    procedure = forms.IntegerField(label=_("Procedure"), required=False, min_value=1, max_value=2**62)
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False)
    unit = forms.IntegerField(label=_("Unit"), required=False, min_value=1, max_value=2**62)
    after = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = cast(forms.ChoiceField, self.fields["channel"])
        state = cast(forms.ChoiceField, self.fields["state"])
        channel.choices = [("", _("All channels")), *Channel.choices]
        state.choices = [("", _("All states")), *DossierState.choices]


# --- lifecycle actions --------------------------------------------------------------------------


class NoteForm(VersionedForm):
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class OptionalReasonForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class SupplementForm(VersionedForm):
    reason = forms.CharField(label=_("Reason"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    items = forms.CharField(
        label=_("Missing documents (one a line)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def item_list(self) -> list[dict[str, Any]]:
        lines = (self.cleaned_data.get("items") or "").splitlines()
        return [{"name": line.strip(), "kind": "original", "quantity": 1} for line in lines if line.strip()]


class ApologyForm(VersionedForm):
    reason = forms.CharField(label=_("Reason for the delay"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    new_date = date_field(_("New appointment date"), required=True)
    confirm_late = forms.BooleanField(label=_("Issue it anyway, less than one working day ahead"), required=False)


class ReturnForm(VersionedForm):
    delivery = forms.ChoiceField(label=_("How the result was returned"), choices=ResultDelivery.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
