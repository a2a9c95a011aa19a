"""Forms of the criteria-set pages. They parse input and build the method JSON; services validate and save."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.core.web.forms import BootstrapMixin, VersionedForm
from apps.org.models import Unit, UnitGroup
from apps.par.metric_sources import metric_catalogue as all_metrics
from apps.par.metric_sources import metric_info as get_metric
from apps.par.models import CriteriaSet, Criterion, NodeKind
from apps.par.services.criteria import tree_order, validate_method

METHOD_CHOICES = [
    ("manual", _("Manual score (within 0 and the maximum)")),
    ("done", _("Full points if done")),
    ("tiers", _("Tiers by a ratio")),
    ("proportional", _("Proportional to a rate")),
    ("deduction", _("Deduction per occurrence")),
    ("metric", _("From a metric")),
]
THEN_CHOICES = [
    ("", _("The metric value is the points")),
    ("proportional", _("Proportional to the value")),
    ("tiers", _("Tiers by the value")),
]
# Which parameter fields each method type uses (the page hides the others; see static/js/par-criteria.js).
PARAMS_OF = {
    "step": ["manual"],
    "tiers": ["tiers", "metric"],
    "full_at": ["proportional", "metric"],
    "per_occurrence": ["deduction"],
    "floor": ["deduction"],
    "metric": ["metric"],
    "metric_then": ["metric"],
    "input_unit": ["tiers", "proportional"],
}
INPUT_UNIT_CHOICES = [
    ("percent", _("A percentage (95 means 95 %)")),
    ("ratio", _("A ratio (0,95 means 95 %)")),
]


def _decimal(value: str, field: str) -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: gettext("Enter a number, e.g. 0.5.")}) from exc
    if not number.is_finite():
        raise ValidationError({field: gettext("Enter a number, e.g. 0.5.")})
    return number


def _plain(number: Decimal) -> str:
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def parse_tiers(text: str) -> list[dict[str, str]]:
    """Lines "min_ratio;share" (a comma may be the decimal separator) → tier dicts."""
    tiers = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.split(";")
        if len(parts) != 2:
            raise ValidationError(
                {"tiers": gettext("Line %(line)d: write “minimum ratio;share”, e.g. 0.8;0.5.") % {"line": number}}
            )
        ratio, share = (_decimal(p, "tiers") for p in parts)
        tiers.append({"min_ratio": _plain(ratio), "share": _plain(share)})
    if not tiers:
        raise ValidationError({"tiers": gettext("Give at least one tier, e.g. 1;1 then 0.8;0.5 on the next line.")})
    return tiers


def tiers_text(tiers: list[dict[str, Any]] | None) -> str:
    return "\n".join(f"{t['min_ratio']};{t['share']}" for t in tiers or [])


def _percent(value: Any) -> str:
    return _plain(Decimal(str(value)) * 100)


def _typed_as(method: dict[str, Any]) -> str:
    return gettext(" (typed as a ratio)") if method.get("input") == "ratio" else ""


def describe_method(method: dict[str, Any] | None) -> str:
    """A method in words, e.g. "Tiers: ≥100 % → 100 %, ≥80 % → 50 %"."""
    method = method or {"type": "manual"}
    kind = method.get("type")
    try:
        if kind == "sum":
            return gettext("Sum of sub-criteria")
        if kind == "manual":
            return gettext("Manual score, in steps of %(step)s") % {"step": method.get("step", "0.25")}
        if kind == "done":
            return gettext("Full points if done, else 0")
        if kind == "tiers":
            ordered = sorted(method.get("tiers", []), key=lambda t: -Decimal(str(t["min_ratio"])))
            parts = [f"≥{_percent(t['min_ratio'])} % → {_percent(t['share'])} %" for t in ordered]
            return gettext("Tiers: %(tiers)s") % {"tiers": ", ".join(parts)} + _typed_as(method)
        if kind == "proportional":
            text = gettext("Proportional, full points at %(rate)s %%") % {"rate": _percent(method["full_at"])}
            return text + _typed_as(method)
        if kind == "deduction":
            return gettext("−%(per)s per occurrence, down to %(floor)s") % {
                "per": method["per_occurrence"],
                "floor": method.get("floor", "0"),
            }
        if kind == "metric":
            metric = get_metric(str(method.get("metric")))
            label = str(metric.label) if metric else str(method.get("metric"))
            text = gettext("From the metric “%(metric)s”") % {"metric": label}
            then = method.get("then")
            if then:
                text = f"{text}: {describe_method(then)}"
            return text
    except (KeyError, TypeError, InvalidOperation):
        pass
    return gettext("Unknown method")


class CriteriaSetForm(BootstrapMixin, VersionedForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    group = forms.ModelChoiceField(label=_("Group of units"), queryset=UnitGroup.objects.all())
    name = forms.CharField(label=_("Name"), max_length=255)
    legal_reference = forms.CharField(
        label=_("Legal reference"),
        max_length=255,
        required=False,
        help_text=_("The decision issuing the set, e.g. 1234/QĐ-UBND of 05/02/2025."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:  # the year and group of a set do not change
            del self.fields["year"]
            del self.fields["group"]


class CloneForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new set"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)


class CriterionForm(BootstrapMixin, VersionedForm):
    code = forms.CharField(
        label=_("Code"), max_length=20, help_text=_("e.g. 3.2.1: the parent's code, a dot, a number.")
    )
    name = forms.CharField(label=_("Name"), max_length=600, widget=forms.Textarea(attrs={"rows": 2}))
    max_points = forms.CharField(label=_("Maximum points"), max_length=12)
    parent = forms.ModelChoiceField(
        label=_("Parent"), queryset=Criterion.objects.none(), required=False, empty_label=_("(top level: an area)")
    )
    method_type = forms.ChoiceField(label=_("Scoring method"), choices=METHOD_CHOICES, initial="manual")
    step = forms.CharField(
        label=_("Step"), required=False, initial="0.25", help_text=_("Manual scores are rounded down to it.")
    )
    tiers = forms.CharField(
        label=_("Tiers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "1;1\n0.8;0.5"}),
        help_text=_("One line per tier: minimum ratio;share of the maximum. 0.8;0.5 means from 80 %: half the points."),
    )
    full_at = forms.CharField(
        label=_("Full points at"), required=False, help_text=_("A ratio: 0.5 means full points from 50 %.")
    )
    input_unit = forms.ChoiceField(
        label=_("The unit types the rate as"), choices=INPUT_UNIT_CHOICES, initial="percent", required=False
    )
    per_occurrence = forms.CharField(label=_("Points off per occurrence"), required=False)
    floor = forms.CharField(label=_("Not below"), required=False, initial="0")
    metric = forms.ChoiceField(label=_("Metric"), required=False)
    metric_then = forms.ChoiceField(label=_("Points from the metric"), required=False, choices=THEN_CHOICES)
    guidance = forms.CharField(
        label=_("Guidance"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("How to score it and what evidence to attach."),
    )
    evidence_required = forms.BooleanField(label=_("Evidence required"), required=False)
    kind = forms.ChoiceField(label=_("Kind of points"), choices=NodeKind.choices, initial=NodeKind.NORMAL)
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, required=False)

    def __init__(
        self,
        *args: Any,
        criteria_set: CriteriaSet,
        node: Criterion | None = None,
        has_children: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.has_children = has_children
        metric_choices = [("", "—"), *((m.key, f"{m.label} ({m.key})") for m in all_metrics())]
        self.fields["metric"].choices = metric_choices  # type: ignore[attr-defined]
        if node is None:
            del self.fields["parent"]  # a new node's parent comes from the page it is added from
        else:
            excluded = {node.pk}
            self.fields["parent"].queryset = criteria_set.nodes.exclude(pk__in=excluded)  # type: ignore[attr-defined]
            self.fields["parent"].label_from_instance = lambda n: f"{n.code} {n.name[:60]}"  # type: ignore[attr-defined]
        if has_children:
            for name in ("method_type", *PARAMS_OF):
                del self.fields[name]
        for name, types in PARAMS_OF.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-method-param"] = " ".join(types)
        if "method_type" in self.fields:
            self.fields["method_type"].widget.attrs["data-method-type"] = ""

    @staticmethod
    def initial_for(node: Criterion) -> dict[str, Any]:
        method = dict(node.method or {})
        then = method.get("then") or {}
        initial = {
            "code": node.code,
            "name": node.name,
            "max_points": _plain(node.max_points),
            "parent": node.parent_id,
            "method_type": method.get("type", "manual"),
            "guidance": node.guidance,
            "evidence_required": node.evidence_required,
            "kind": node.kind,
            "sort_order": node.sort_order,
            "version": node.version,
            "step": method.get("step", "0.25"),
            "tiers": tiers_text(method.get("tiers") or then.get("tiers")),
            "full_at": method.get("full_at") or then.get("full_at") or "",
            "per_occurrence": method.get("per_occurrence", ""),
            "floor": method.get("floor", "0"),
            "metric": method.get("metric", ""),
            "metric_then": then.get("type", ""),
            "input_unit": method.get("input", "percent"),
        }
        return initial

    def _method(self, data: dict[str, Any]) -> dict[str, Any]:
        kind = data.get("method_type") or "manual"
        if kind == "manual":
            return {"type": "manual", "step": _plain(_decimal(data.get("step") or "0.25", "step"))}
        if kind == "done":
            return {"type": "done"}
        unit = data.get("input_unit") or "percent"
        if kind == "tiers":
            return {"type": "tiers", "tiers": parse_tiers(data.get("tiers", "")), "input": unit}
        if kind == "proportional":
            if not data.get("full_at"):
                raise ValidationError({"full_at": gettext("Say at which rate the points are full, e.g. 1.")})
            return {"type": "proportional", "full_at": _plain(_decimal(data["full_at"], "full_at")), "input": unit}
        if kind == "deduction":
            if not data.get("per_occurrence"):
                raise ValidationError({"per_occurrence": gettext("Say how many points each occurrence takes off.")})
            return {
                "type": "deduction",
                "per_occurrence": _plain(_decimal(data["per_occurrence"], "per_occurrence")),
                "floor": _plain(_decimal(data.get("floor") or "0", "floor")),
            }
        if kind == "metric":
            if not data.get("metric"):
                raise ValidationError({"metric": gettext("Choose the metric the points come from.")})
            method: dict[str, Any] = {"type": "metric", "metric": data["metric"]}
            then = data.get("metric_then")
            if then == "proportional":
                if not data.get("full_at"):
                    raise ValidationError({"full_at": gettext("Say at which value the points are full, e.g. 1.")})
                method["then"] = {"type": "proportional", "full_at": _plain(_decimal(data["full_at"], "full_at"))}
            elif then == "tiers":
                method["then"] = {"type": "tiers", "tiers": parse_tiers(data.get("tiers", ""))}
            return method
        raise ValidationError({"method_type": gettext("Choose a scoring method.")})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.has_children:
            data["method"] = {"type": "sum"}
            return data
        try:
            method = self._method(data)
            data["method"] = validate_method(method, field="method_type")
        except ValidationError as exc:
            for field, errors in exc.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        return data


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("The layout of an exported set: one row per criterion, the parent deduced from the code."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    target = forms.ModelChoiceField(
        label=_("Into an existing empty set"),
        queryset=CriteriaSet.objects.none(),
        required=False,
        empty_label=_("(create a new set)"),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    group = forms.ModelChoiceField(label=_("Group of units"), queryset=UnitGroup.objects.all(), required=False)
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    legal_reference = forms.CharField(label=_("Legal reference"), max_length=255, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            CriteriaSet.objects.filter(nodes__isnull=True).select_related("group")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("target") is None:
            for name in ("year", "group", "name"):
                if not data.get(name):
                    self.add_error(name, gettext("Needed to create a new set (or choose an empty set)."))
        return data


class ExclusionForm(BootstrapMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    criterion = forms.ModelChoiceField(label=_("Criterion"), queryset=Criterion.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, criteria_set: CriteriaSet, nodes: list[Criterion] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = criteria_set.group.units.all()  # type: ignore[attr-defined]
        self.fields["criterion"].queryset = criteria_set.nodes.all()  # type: ignore[attr-defined]
        ordered = tree_order(nodes if nodes is not None else criteria_set.nodes.all())
        choices = [("", "—"), *((n.pk, f"{'· ' * (n.depth - 1)}{n.code} {n.name[:80]}") for n in ordered)]
        self.fields["criterion"].choices = choices  # type: ignore[attr-defined]
