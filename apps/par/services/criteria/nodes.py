"""The nodes of a criteria set: add, change, delete, map to last year's criterion."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Max, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import check_version, locked
from apps.par.models import (
    CriteriaSet,
    Criterion,
    NodeKind,
    Score,
)
from apps.par.services._common import refuse
from apps.par.services.criteria._shared import (
    COSMETIC_FIELDS,
    CRITERION_FIELDS,
    DEFAULT_LEAF_METHOD,
    STRUCTURAL_FIELDS,
    SUM,
    _after_structure_change,
    _check_code,
    _children_count,
    _points,
    _refuse_if_published,
    _refuse_if_scored,
    _set_method,
    previous_set,
    set_usage,
    tree_order,
    validate_method,
)

# --- nodes ------------------------------------------------------------------------------------------


@transaction.atomic
def criterion_create(
    *,
    actor: Actor,
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
def criterion_update(*, actor: Actor, criterion: Criterion, version: int, **fields: Any) -> Criterion:
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
def criterion_delete(*, actor: Actor, criterion: Criterion) -> None:
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
def criterion_map_predecessor(*, actor: Actor, criterion: Criterion, predecessor: Criterion | None) -> Criterion:
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


@transaction.atomic
def criteria_set_map_predecessors(
    *, actor: Actor, criteria_set: CriteriaSet, mapping: Mapping[int, Criterion | None]
) -> int:
    """Link the set's nodes (by id) to last year's nodes they continue, or unlink them (None), all at
    once: one refused link leaves every link as it was. Nodes left out of `mapping` keep their link.

    Returns how many links changed; each change is audited as `par.criterion.map`."""
    criteria_set = locked(CriteriaSet, criteria_set.pk)
    nodes = tree_order(criteria_set.nodes.all())
    if set(mapping) - {node.pk for node in nodes}:
        refuse(_("Only the criteria of this set can be linked to last year's."))
    changed = 0
    for node in nodes:
        if node.pk not in mapping:
            continue
        new = mapping[node.pk]
        if (new.pk if new else None) != node.predecessor_id:
            criterion_map_predecessor(actor=actor, criterion=node, predecessor=new)
            changed += 1
    return changed
