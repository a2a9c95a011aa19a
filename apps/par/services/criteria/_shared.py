"""What the criteria services share: reading helpers, checks, keeping open periods in step."""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.par.engine import method_to_json, parse_method
from apps.par.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    MeasuredValue,
    PeriodStatus,
    Score,
    ScoringPeriod,
)
from apps.par.services._common import refuse

SET_FIELDS = ["year", "group", "name", "legal_reference", "cloned_from"]
CRITERION_FIELDS = [
    "criteria_set",
    "parent",
    "code",
    "name",
    "depth",
    "max_points",
    "method",
    "guidance",
    "evidence_required",
    "kind",
    "sort_order",
    "predecessor",
]
EXCLUSION_FIELDS = ["criterion", "unit", "reason"]

CODE_RE = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")
SUM = {"type": "sum"}
DEFAULT_LEAF_METHOD = {"type": "manual", "step": "0.25"}
# Fields that change how scores count; refused once scores are entered.
STRUCTURAL_FIELDS = {"max_points", "method", "parent", "code", "kind"}
COSMETIC_FIELDS = {"name", "guidance", "evidence_required", "sort_order"}
MIN_YEAR, MAX_YEAR = 2000, 2100


# --- reading helpers (pure reads, used by the services, views and the Excel module) ---------------


def code_sort_key(code: str) -> tuple[tuple[int, int | str], ...]:
    """ "1.10" after "1.9": numeric parts compare as numbers."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in code.split("."))


def tree_order(nodes: Iterable[Criterion]) -> list[Criterion]:
    """The nodes depth-first, siblings by (sort_order, code). Pure: no query."""
    nodes = list(nodes)
    children: dict[int | None, list[Criterion]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.sort_order, code_sort_key(n.code)))
    ordered: list[Criterion] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        node = stack.pop()
        ordered.append(node)
        stack.extend(reversed(children.get(node.pk, [])))
    return ordered


def parent_code(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def previous_set(criteria_set: CriteriaSet) -> CriteriaSet | None:
    """Last year's set of the same group: the latest set of an earlier year."""
    return (
        CriteriaSet.objects.filter(group_id=criteria_set.group_id, year__lt=criteria_set.year).order_by("-year").first()
    )


def set_usage(criteria_set: CriteriaSet) -> dict[str, Any]:
    """Which periods use the set, and whether scores or measured values were entered in them."""
    periods = list(ScoringPeriod.objects.filter(criteria_set=criteria_set))
    open_periods = [p for p in periods if p.status == PeriodStatus.OPEN]
    published = [p for p in periods if p.status == PeriodStatus.PUBLISHED]
    # Anything a unit or an appraiser entered counts: a note, a reason, an attached file or an
    # explanation lives on the score row that a structural change would delete or repurpose.
    entered = (
        Q(self_value__isnull=False)
        | Q(self_points__isnull=False)
        | Q(round1_points__isnull=False)
        | Q(round2_points__isnull=False)
        | ~Q(self_note="")
        | ~Q(no_evidence_reason="")
        | Q(explanation_requested=True)
        | ~Q(explanation_text="")
        | Q(evidence__isnull=False)
        | Q(explanation_evidence__isnull=False)
    )
    scored = bool(open_periods) and (
        Score.objects.filter(assessment__period__in=open_periods).filter(entered).exists()
        # A measured value already scores the set's metric criteria: changing them would move results.
        or MeasuredValue.objects.filter(period__in=open_periods).exists()
    )
    return {"open": open_periods, "published": published, "scored": scored}


def validate_method(data: Any, *, field: str = "method") -> dict[str, Any]:
    """A method as stored JSON, or a ValidationError that says what is wrong with it."""
    if not isinstance(data, dict):
        raise ValidationError({field: _("The scoring method must be an object with a “type”.")})
    try:
        return method_to_json(parse_method(data))
    except pydantic.ValidationError as exc:
        raise ValidationError({field: method_error_message(exc)}) from exc


def method_error_message(exc: pydantic.ValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if not str(p).startswith("function-"))
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return _("The scoring method is not valid: %(errors)s") % {"errors": "; ".join(parts)}


def _points(value: Any, field: str = "max_points") -> Decimal:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({field: _("Enter a number of points, e.g. 2.5.")}) from exc
    if not number.is_finite() or number < 0 or number >= Decimal("100000"):
        raise ValidationError({field: _("The maximum must be a number between 0 and 99999.99.")})
    if number != number.quantize(Decimal("0.01")):
        raise ValidationError({field: _("Use at most two decimals.")})
    return number.quantize(Decimal("0.01"))


def _check_code(criteria_set: CriteriaSet, code: str, parent: Criterion | None, *, exclude: Iterable[int] = ()) -> str:
    code = (code or "").strip()
    if not CODE_RE.match(code) or len(code) > 20:
        raise ValidationError({"code": _("A code is made of numbers or letters separated by dots, e.g. 3.2.1.")})
    expected = parent_code(code)
    if parent is None and expected is not None:
        raise ValidationError(
            {"code": _("An area's code has no dot (e.g. 3); “%(code)s” is a sub-code.") % {"code": code}}
        )
    if parent is not None and expected != parent.code:
        raise ValidationError(
            {"code": _("A criterion under “%(parent)s” must have a code like %(parent)s.1.") % {"parent": parent.code}}
        )
    if criteria_set.nodes.filter(code=code).exclude(pk__in=list(exclude)).exists():
        raise ValidationError({"code": _("The code %(code)s is already used in this set.") % {"code": code}})
    return code


def _refuse_if_published(usage: dict[str, Any]) -> None:
    if usage["published"]:
        refuse(
            _("This criteria set is used by a published period (%(period)s): published results are read-only.")
            % {"period": usage["published"][0].name}
        )


def _refuse_if_scored(usage: dict[str, Any], what: str) -> None:
    if usage["scored"]:
        refuse(
            _(
                "%(what)s is not possible: units have already entered scores in %(period)s with this criteria set, "
                "and the change would break them. Renaming, guidance, the evidence flag and the order can still "
                "be changed."
            )
            % {"what": what, "period": usage["open"][0].name}
        )


def _children_count(node: Criterion) -> int:
    return Criterion.objects.filter(parent_id=node.pk).count()


def _sync_scores(criteria_set: CriteriaSet, usage: dict[str, Any]) -> None:
    """Open periods keep exactly one score row per assessment and leaf (all rows are empty here)."""
    if not usage["open"]:
        return
    rows = list(Criterion.objects.filter(criteria_set=criteria_set).values_list("pk", "parent_id"))
    parents = {parent for _pk, parent in rows if parent}
    leaves = {pk for pk, _parent in rows if pk not in parents}
    scores = Score.objects.filter(assessment__period__in=usage["open"])
    scores.exclude(criterion_id__in=leaves).delete()
    existing = set(scores.values_list("assessment_id", "criterion_id"))
    assessments = Assessment.objects.filter(period__in=usage["open"]).values_list("pk", flat=True)
    Score.objects.bulk_create(
        [
            Score(assessment_id=a, criterion_id=leaf)
            for a in assessments
            for leaf in leaves
            if (a, leaf) not in existing
        ],
        batch_size=2000,
    )


def _after_structure_change(criteria_set: CriteriaSet, usage: dict[str, Any]) -> None:
    _sync_scores(criteria_set, usage)
    if usage["open"]:
        from apps.par.services.results import results_recompute

        for period in usage["open"]:
            results_recompute(period=period)


def _set_method(actor: Actor, node: Criterion, method: dict[str, Any], why: str) -> None:
    """Convert a node's method (a leaf that gets children becomes a sum; the reverse a manual score)."""
    if node.method == method:
        return
    before = snapshot(node, CRITERION_FIELDS)
    node.method = method
    node.version += 1
    node.save(update_fields=["method", "version"])
    audit_record(
        actor=actor,
        action="par.criterion.update",
        obj=node,
        before=before,
        after={**snapshot(node, CRITERION_FIELDS), "why": why},
    )


def _recompute(usage: dict[str, Any]) -> None:
    if usage["open"]:
        from apps.par.services.results import results_recompute

        for period in usage["open"]:
            results_recompute(period=period)
