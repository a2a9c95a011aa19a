"""Input forms for the organisation pages. They only parse input; the services validate and save."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.core.input_bounds import MAX_DB_INT
from apps.core.web.forms import BootstrapMixin, VersionedForm
from apps.core.web.forms import date_field as _date_field
from apps.org.models import Role, Unit, UnitKind


class UnitsField(forms.ModelMultipleChoiceField):
    """Several units by id; an id too large for the database is an invalid choice, not a failed query."""

    def clean(self, value: Any) -> Any:
        for pk in value if isinstance(value, list | tuple) else ():
            text = str(pk).strip().removeprefix("-")
            if text.isdigit() and int(text) > MAX_DB_INT:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


class UnitForm(BootstrapMixin, VersionedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    name = forms.CharField(label=_("Full name"), max_length=255)
    short_name = forms.CharField(label=_("Short name"), max_length=100, required=False)
    abbreviation = forms.CharField(
        label=_("Official abbreviation"),
        max_length=20,
        required=False,
        help_text=_('The letters in the numbers of its documents, e.g. "STP" in "Số: 12/BC-STP".'),
    )
    code = forms.CharField(label=_("Official code"), max_length=20, required=False)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    valid_from = _date_field(_("Valid from"))
    valid_to = _date_field(_("Valid to"))
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)
    predecessors = UnitsField(
        label=_("Predecessors"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("The units this one continues after a merger or a split."),
    )

    def __init__(self, *args: Any, unit: Unit | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Unit.objects.only("pk", "name", "sort_order")
        if unit is not None:
            others = others.exclude(pk=unit.pk)
        self.fields["parent"].queryset = others  # type: ignore[attr-defined]
        self.fields["predecessors"].queryset = others  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(unit: Unit) -> dict[str, Any]:
        return {
            "kind": unit.kind,
            "name": unit.name,
            "short_name": unit.short_name,
            "abbreviation": unit.abbreviation,
            "code": unit.code,
            "parent": unit.parent_id,
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
            "sort_order": unit.sort_order,
            "predecessors": list(unit.predecessors.values_list("pk", flat=True)),
            "version": unit.version,
        }

    def service_fields(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["sort_order"] = data.get("sort_order") or 0
        return data


class UnitGroupForm(BootstrapMixin, VersionedForm):
    code = forms.SlugField(
        label=_("Code"), max_length=50, help_text=_("Letters, digits and hyphens, e.g. so-ban-nganh.")
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    units = UnitsField(
        label=_("Units in the group"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.only("pk", "name", "sort_order")  # type: ignore[attr-defined]


class UserForm(BootstrapMixin, VersionedForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"version", "password1", "password2"}}


class PasswordPairMixin(forms.Form):
    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if (first or second) and first != second:
            self.add_error("password2", _("The two passwords do not match."))
        return cleaned


class UserCreateForm(PasswordPairMixin, UserForm):
    password1 = forms.CharField(
        label=_("Initial password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty: the person cannot sign in until an administrator sets a password."),
    )
    password2 = forms.CharField(
        label=_("Initial password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


class SetPasswordForm(BootstrapMixin, PasswordPairMixin):
    password1 = forms.CharField(
        label=_("New password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("New password again"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class MembershipForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.only("pk", "name", "sort_order")  # type: ignore[attr-defined]


class UnitFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *UnitKind.choices],
        widget=forms.Select(attrs={"data-autosubmit": True}),
    )


class UserFilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("All units"),
        widget=forms.Select(attrs={"data-autosubmit": True}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        required=False,
        choices=[("", _("All roles")), *Role.choices],
        widget=forms.Select(attrs={"data-autosubmit": True}),
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units  # type: ignore[attr-defined]
