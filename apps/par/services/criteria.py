"""Criteria sets: the secretariat builds each year's tree of areas > criteria > sub-criteria per unit group.

Every write validates, changes, records an audit event (before/after) in the same transaction,
and keeps the open periods that use the set consistent: one empty score row per leaf and per
assessment, results recomputed after a structural change. A set whose scores were already
entered refuses structural changes; a set used by a published period refuses every change.
"""

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pydantic
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Max, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from apps.core.audit import audit_record, snapshot
from apps.org.models import Unit, UnitGroup
from apps.par.models import (
    Assessment,
    CriteriaSet,
    Criterion,
    CriterionExclusion,
    MeasuredValue,
    NodeKind,
    PeriodStatus,
    Score,
    ScoringPeriod,
)
from apps.par.scoring import method_to_json, parse_method
from apps.par.services._common import check_version, locked, refuse

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


def _set_method(actor: Any, node: Criterion, method: dict[str, Any], why: str) -> None:
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


# --- criteria sets ----------------------------------------------------------------------------------


def _check_year(year: Any) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise ValidationError({"year": _("Enter a year, e.g. 2026.")}) from exc
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    return year


def _check_free_slot(year: int, group: UnitGroup) -> None:
    if CriteriaSet.objects.filter(year=year, group=group).exists():
        raise ValidationError(
            {"year": _("%(group)s already has a criteria set for %(year)s.") % {"group": group.name, "year": year}}
        )


@transaction.atomic
def criteria_set_create(
    *, actor: Any, year: int, group: UnitGroup, name: str, legal_reference: str = ""
) -> CriteriaSet:
    year = _check_year(year)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the criteria set a name.")})
    _check_free_slot(year, group)
    criteria_set = CriteriaSet(year=year, group=group, name=name, legal_reference=(legal_reference or "").strip())
    criteria_set.full_clean()
    criteria_set.save()
    audit_record(
        actor=actor, action="par.criteria_set.create", obj=criteria_set, after=snapshot(criteria_set, SET_FIELDS)
    )
    return criteria_set


@transaction.atomic
def criteria_set_update(
    *, actor: Any, criteria_set: CriteriaSet, version: int, name: str, legal_reference: str = ""
) -> CriteriaSet:
    """Rename a set or change its legal reference (refused once a period using it is published)."""
    criteria_set = locked(CriteriaSet, criteria_set.pk)
    check_version(criteria_set, version, _("criteria set"))
    _refuse_if_published(set_usage(criteria_set))
    before = snapshot(criteria_set, SET_FIELDS)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the criteria set a name.")})
    criteria_set.name = name
    criteria_set.legal_reference = (legal_reference or "").strip()
    criteria_set.full_clean()
    criteria_set.version += 1
    criteria_set.save()
    audit_record(
        actor=actor,
        action="par.criteria_set.update",
        obj=criteria_set,
        before=before,
        after=snapshot(criteria_set, SET_FIELDS),
    )
    return criteria_set


@transaction.atomic
def criteria_set_clone(*, actor: Any, source: CriteriaSet, year: int, name: str | None = None) -> CriteriaSet:
    """Copy a set to a later year of the same group; each new node remembers its source node as its
    predecessor, so year-over-year comparison survives the edits that follow."""
    year = _check_year(year)
    if year <= source.year:
        raise ValidationError({"year": _("A clone is for a later year than %(year)s.") % {"year": source.year}})
    _check_free_slot(year, source.group)
    new_name = (name or "").strip() or source.name.replace(str(source.year), str(year))
    if new_name == source.name:
        new_name = f"{source.name} ({year})"
    target = CriteriaSet(
        year=year,
        group=source.group,
        name=new_name[:255],
        legal_reference="",
        cloned_from=source,
    )
    target.full_clean()
    target.save()
    nodes = list(source.nodes.all())
    new_ids: dict[int, int] = {}
    for depth in sorted({n.depth for n in nodes}):
        level = [n for n in nodes if n.depth == depth]
        created = Criterion.objects.bulk_create(
            [
                Criterion(
                    criteria_set=target,
                    parent_id=new_ids.get(n.parent_id) if n.parent_id else None,
                    code=n.code,
                    name=n.name,
                    depth=n.depth,
                    max_points=n.max_points,
                    method=n.method,
                    guidance=n.guidance,
                    evidence_required=n.evidence_required,
                    kind=n.kind,
                    sort_order=n.sort_order,
                    predecessor_id=n.pk,
                )
                for n in level
            ]
        )
        if created and created[0].pk is None:  # backends that do not return ids on bulk insert
            by_code = dict(target.nodes.filter(depth=depth).values_list("code", "pk"))
            new_ids.update({n.pk: by_code[n.code] for n in level})
        else:
            new_ids.update({n.pk: c.pk for n, c in zip(level, created, strict=True)})
    audit_record(
        actor=actor,
        action="par.criteria_set.clone",
        obj=target,
        after={**snapshot(target, SET_FIELDS), "nodes": len(nodes)},
    )
    return target


# --- nodes ------------------------------------------------------------------------------------------


@transaction.atomic
def criterion_create(
    *,
    actor: Any,
    criteria_set: CriteriaSet,
    parent: Criterion | None,
    code: str,
    name: str,
    max_points: Any,
    method: dict[str, Any],
    guidance: str = "",
    evidence_required: bool = False,
    kind: str = NodeKind.NORMAL,
    sort_order: int | None = None,
) -> Criterion:
    """Add a node. Under a leaf, the leaf becomes a parent (its method a sum). With a period open on
    the set, allowed only while no score was entered; the new leaf then gets its empty score rows."""
    usage = set_usage(criteria_set)
    _refuse_if_published(usage)
    _refuse_if_scored(usage, _("Adding a criterion"))
    if parent is not None:
        parent = locked(Criterion, parent.pk)
        if parent.criteria_set_id != criteria_set.pk:
            refuse(_("The parent criterion belongs to another criteria set."))
    code = _check_code(criteria_set, code, parent)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the criterion a name.")})
    maximum = _points(max_points)
    method_json = validate_method(method)
    if method_json["type"] == "sum" and usage["open"]:
        raise ValidationError(
            {"method": _("A new criterion without sub-criteria needs a scoring method other than a sum.")}
        )
    if kind not in NodeKind.values:
        raise ValidationError({"kind": _("Unknown kind of points.")})
    if parent is not None:
        if parent.kind != NodeKind.NORMAL:
            kind = parent.kind
        elif kind != NodeKind.NORMAL:
            raise ValidationError(
                {
                    "kind": _(
                        "Only an area (a top-level node) can hold bonus or penalty points; its criteria inherit it."
                    )
                }
            )
    if sort_order is None:
        siblings = criteria_set.nodes.filter(parent=parent).aggregate(top=Max("sort_order"))["top"]
        sort_order = 0 if siblings is None else siblings + 1
    node = Criterion(
        criteria_set=criteria_set,
        parent=parent,
        code=code,
        name=name,
        depth=1 if parent is None else parent.depth + 1,
        max_points=maximum,
        method=method_json,
        guidance=(guidance or "").strip(),
        evidence_required=bool(evidence_required),
        kind=kind,
        sort_order=max(0, int(sort_order)),
    )
    node.full_clean()
    try:
        with transaction.atomic():
            node.save()
    except IntegrityError as exc:  # a concurrent insert of the same code
        raise ValidationError({"code": _("The code %(code)s is already used in this set.") % {"code": code}}) from exc
    audit_record(actor=actor, action="par.criterion.create", obj=node, after=snapshot(node, CRITERION_FIELDS))
    if parent is not None and parent.method != SUM:
        _set_method(actor, parent, SUM, "gained sub-criteria")
    if usage["open"]:
        _after_structure_change(criteria_set, usage)
    return node


def _descendants(node: Criterion) -> list[Criterion]:
    """Every node under `node` (one query for the set, walked in memory)."""
    nodes = list(Criterion.objects.filter(criteria_set_id=node.criteria_set_id))
    children: dict[int | None, list[Criterion]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    found: list[Criterion] = []
    stack = list(children.get(node.pk, []))
    while stack:
        n = stack.pop()
        found.append(n)
        stack.extend(children.get(n.pk, []))
    return found


@transaction.atomic
def criterion_update(*, actor: Any, criterion: Criterion, version: int, **fields: Any) -> Criterion:
    """Change a node. Renaming, guidance, the evidence flag and the order are always allowed (until a
    period using the set is published); the code, maximum, method, kind and parent only while no
    score was entered. A new code renumbers the node's sub-criteria with it."""
    node = locked(Criterion, criterion.pk)
    check_version(node, version, _("criterion"))
    unknown = set(fields) - STRUCTURAL_FIELDS - COSMETIC_FIELDS
    if unknown:
        refuse(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    criteria_set = node.criteria_set
    usage = set_usage(criteria_set)
    _refuse_if_published(usage)
    before = snapshot(node, CRITERION_FIELDS)

    changes: dict[str, Any] = {}
    if "name" in fields:
        name = (fields["name"] or "").strip()
        if not name:
            raise ValidationError({"name": _("Give the criterion a name.")})
        changes["name"] = name
    if "guidance" in fields:
        changes["guidance"] = (fields["guidance"] or "").strip()
    if "evidence_required" in fields:
        changes["evidence_required"] = bool(fields["evidence_required"])
    if "sort_order" in fields and fields["sort_order"] is not None:
        changes["sort_order"] = max(0, int(fields["sort_order"]))

    has_children = _children_count(node) > 0
    structural: dict[str, Any] = {}
    if "max_points" in fields:
        maximum = _points(fields["max_points"])
        if maximum != node.max_points:
            structural["max_points"] = maximum
    if "method" in fields:
        method_json = validate_method(fields["method"])
        if has_children and method_json != SUM:
            raise ValidationError({"method": _("A criterion with sub-criteria is scored as the sum of them.")})
        if not has_children and method_json["type"] == "sum":
            raise ValidationError(
                {"method": _("A criterion without sub-criteria needs a scoring method other than a sum.")}
            )
        if method_json != node.method:
            structural["method"] = method_json
    new_parent: Criterion | None = node.parent
    if "parent" in fields:
        new_parent = fields["parent"]
        if (new_parent.pk if new_parent else None) != node.parent_id:
            structural["parent"] = new_parent
    if "code" in fields and (fields["code"] or "").strip() != node.code:
        structural["code"] = (fields["code"] or "").strip()
    if "kind" in fields and fields["kind"] != node.kind:
        structural["kind"] = fields["kind"]

    subtree: list[Criterion] = []
    if structural:
        _refuse_if_scored(usage, _("Changing the maximum, scoring method, code, kind or position of a criterion"))
        subtree = _descendants(node)
        if "parent" in structural and new_parent is not None:
            if new_parent.criteria_set_id != node.criteria_set_id:
                refuse(_("The parent criterion belongs to another criteria set."))
            if new_parent.pk == node.pk or new_parent.pk in {d.pk for d in subtree}:
                refuse(_("A criterion cannot be moved under itself or one of its sub-criteria."))
        new_code = structural.get("code", node.code)
        if "parent" in structural or "code" in structural:
            new_code = _check_code(criteria_set, new_code, new_parent, exclude=[node.pk, *(d.pk for d in subtree)])
            renamed = [new_code + d.code[len(node.code) :] for d in subtree]
            clash = criteria_set.nodes.filter(code__in=renamed).exclude(pk__in=[d.pk for d in subtree]).first()
            if clash is not None:
                raise ValidationError(
                    {"code": _("The code %(code)s is already used in this set.") % {"code": clash.code}}
                )
        kind = structural.get("kind", node.kind)
        if kind not in NodeKind.values:
            raise ValidationError({"kind": _("Unknown kind of points.")})
        if new_parent is not None:
            if new_parent.kind != NodeKind.NORMAL:
                kind = new_parent.kind
            elif kind != NodeKind.NORMAL:
                raise ValidationError(
                    {
                        "kind": _(
                            "Only an area (a top-level node) can hold bonus or penalty points; its criteria inherit it."
                        )
                    }
                )
        old_parent_id = node.parent_id
        old_code = node.code
        depth_shift = (1 if new_parent is None else new_parent.depth + 1) - node.depth
        node.parent = new_parent
        node.code = new_code
        node.depth += depth_shift
        node.kind = kind
        if "max_points" in structural:
            node.max_points = structural["max_points"]
        if "method" in structural:
            node.method = structural["method"]
        if subtree and (new_code != old_code or depth_shift or kind != before["kind"]):
            # Free the old codes first so the unique constraint never sees two nodes with one code.
            for d in subtree:
                d.code = new_code + d.code[len(old_code) :]
                d.depth += depth_shift
                d.kind = kind
                d.version += 1
            Criterion.objects.filter(pk__in=[d.pk for d in subtree]).update(
                code=Concat(Value("~"), Cast("pk", output_field=CharField()))
            )
            Criterion.objects.bulk_update(subtree, ["code", "depth", "kind", "version"])
    for key, value in changes.items():
        setattr(node, key, value)
    if not changes and not structural:
        return node
    node.full_clean(exclude=["criteria_set", "parent", "predecessor"])
    node.version += 1
    node.save()
    audit_record(
        actor=actor, action="par.criterion.update", obj=node, before=before, after=snapshot(node, CRITERION_FIELDS)
    )
    if "parent" in structural:
        if new_parent is not None and new_parent.method != SUM:
            _set_method(actor, new_parent, SUM, "gained sub-criteria")
        if old_parent_id is not None and not Criterion.objects.filter(parent_id=old_parent_id).exists():
            old_parent = Criterion.objects.get(pk=old_parent_id)
            _set_method(actor, old_parent, DEFAULT_LEAF_METHOD, "lost its last sub-criterion")
    if structural and usage["open"]:
        _after_structure_change(criteria_set, usage)
    return node


@transaction.atomic
def criterion_delete(*, actor: Any, criterion: Criterion) -> None:
    """Delete a node with its sub-criteria (refused once scores are entered in a period using the set)."""
    node = locked(Criterion, criterion.pk)
    criteria_set = node.criteria_set
    usage = set_usage(criteria_set)
    _refuse_if_published(usage)
    _refuse_if_scored(usage, _("Deleting a criterion"))
    subtree = _descendants(node)
    ids = [node.pk, *(d.pk for d in subtree)]
    if Score.objects.filter(criterion_id__in=ids).exclude(assessment__period__in=usage["open"]).exists():
        refuse(_("This criterion has scores in another period and cannot be deleted."))
    before = {**snapshot(node, CRITERION_FIELDS), "sub_criteria": sorted(d.code for d in subtree)}
    parent_id = node.parent_id
    Score.objects.filter(criterion_id__in=ids).delete()
    audit_record(actor=actor, action="par.criterion.delete", obj=node, before=before)
    Criterion.objects.filter(pk__in=ids).delete()
    if parent_id is not None and not Criterion.objects.filter(parent_id=parent_id).exists():
        _set_method(actor, Criterion.objects.get(pk=parent_id), DEFAULT_LEAF_METHOD, "lost its last sub-criterion")
    if usage["open"]:
        _after_structure_change(criteria_set, usage)


@transaction.atomic
def criterion_map_predecessor(*, actor: Any, criterion: Criterion, predecessor: Criterion | None) -> Criterion:
    """Link a node to last year's node it continues (or unlink it with None)."""
    node = locked(Criterion, criterion.pk)
    usage = set_usage(node.criteria_set)
    _refuse_if_published(usage)
    if predecessor is not None:
        previous = previous_set(node.criteria_set)
        if previous is None or predecessor.criteria_set_id != previous.pk:
            refuse(_("Last year's criterion must come from the previous criteria set of the same group of units."))
    if (predecessor.pk if predecessor else None) == node.predecessor_id:
        return node
    before = snapshot(node, CRITERION_FIELDS)
    node.predecessor = predecessor
    node.version += 1
    node.save(update_fields=["predecessor", "version"])
    audit_record(
        actor=actor, action="par.criterion.map", obj=node, before=before, after=snapshot(node, CRITERION_FIELDS)
    )
    return node


# --- not-applicable criteria ------------------------------------------------------------------------


@transaction.atomic
def criterion_exclusion_set(*, actor: Any, criterion: Criterion, unit: Unit, reason: str) -> CriterionExclusion:
    """Mark a node as not applicable to a unit (its subtree with it); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why this criterion does not apply to the unit.")})
    criteria_set = criterion.criteria_set
    usage = set_usage(criteria_set)
    _refuse_if_published(usage)
    if not criteria_set.group.units.filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("%(unit)s is not in the group %(group)s.") % {"unit": unit, "group": criteria_set.group}}
        )
    exclusion = CriterionExclusion.objects.filter(criterion=criterion, unit=unit).first()
    before = snapshot(exclusion, EXCLUSION_FIELDS) if exclusion else None
    if exclusion is None:
        exclusion = CriterionExclusion(criterion=criterion, unit=unit, reason=reason)
    exclusion.reason = reason
    exclusion.full_clean()
    exclusion.save()
    audit_record(
        actor=actor,
        action="par.exclusion.set",
        obj=exclusion,
        unit_id=unit.pk,
        before=before,
        after=snapshot(exclusion, EXCLUSION_FIELDS),
    )
    _recompute(usage)
    return exclusion


@transaction.atomic
def criterion_exclusion_remove(*, actor: Any, exclusion: CriterionExclusion) -> None:
    usage = set_usage(exclusion.criterion.criteria_set)
    _refuse_if_published(usage)
    audit_record(
        actor=actor,
        action="par.exclusion.remove",
        obj=exclusion,
        unit_id=exclusion.unit_id,
        before=snapshot(exclusion, EXCLUSION_FIELDS),
    )
    exclusion.delete()
    _recompute(usage)


def _recompute(usage: dict[str, Any]) -> None:
    if usage["open"]:
        from apps.par.services.results import results_recompute

        for period in usage["open"]:
            results_recompute(period=period)


# --- bulk building (Excel import) -------------------------------------------------------------------


@transaction.atomic
def criteria_set_fill(*, actor: Any, criteria_set: CriteriaSet, rows: list[dict[str, Any]], source: str = "") -> int:
    """Fill an EMPTY set with validated rows in tree order (parents before children).

    Each row: code, name, max_points (Decimal), method (dict), evidence_required, kind, guidance,
    predecessor (Criterion | None). The rows were validated by the caller (apps.par.excel_criteria);
    the database constraints still guard the set."""
    criteria_set = locked(CriteriaSet, criteria_set.pk)
    usage = set_usage(criteria_set)
    _refuse_if_published(usage)
    if criteria_set.nodes.exists():
        refuse(_("Import into a new or empty criteria set: this one already has criteria."))
    ids: dict[str, int] = {}
    for depth in sorted({r["code"].count(".") + 1 for r in rows}):
        level = [r for r in rows if r["code"].count(".") + 1 == depth]
        created = Criterion.objects.bulk_create(
            [
                Criterion(
                    criteria_set=criteria_set,
                    parent_id=ids.get(parent_code(r["code"]) or ""),
                    code=r["code"],
                    name=r["name"],
                    depth=depth,
                    max_points=r["max_points"],
                    method=r["method"],
                    guidance=r["guidance"],
                    evidence_required=r["evidence_required"],
                    kind=r["kind"],
                    sort_order=r["sort_order"],
                    predecessor=r["predecessor"],
                )
                for r in level
            ]
        )
        if created and created[0].pk is None:
            ids.update(dict(criteria_set.nodes.filter(depth=depth).values_list("code", "pk")))
        else:
            ids.update({r["code"]: c.pk for r, c in zip(level, created, strict=True)})
    audit_record(
        actor=actor,
        action="par.criteria_set.import",
        obj=criteria_set,
        after={"nodes": len(rows), "codes": [r["code"] for r in rows], "source": source},
    )
    return len(rows)
