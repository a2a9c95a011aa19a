"""Criteria sets: create, rename, clone from last year, fill in bulk (the Excel import)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.core.concurrency import check_version, locked
from apps.org.models import UnitGroup
from apps.par.models import (
    CriteriaSet,
    Criterion,
)
from apps.par.services._common import refuse
from apps.par.services.criteria._shared import (
    MAX_YEAR,
    MIN_YEAR,
    SET_FIELDS,
    _refuse_if_published,
    parent_code,
    set_usage,
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
    *, actor: Actor, year: int, group: UnitGroup, name: str, legal_reference: str = ""
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
    *, actor: Actor, criteria_set: CriteriaSet, version: int, name: str, legal_reference: str = ""
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
def criteria_set_clone(*, actor: Actor, source: CriteriaSet, year: int, name: str | None = None) -> CriteriaSet:
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


# --- bulk building (Excel import) -------------------------------------------------------------------


@transaction.atomic
def criteria_set_fill(*, actor: Actor, criteria_set: CriteriaSet, rows: list[dict[str, Any]], source: str = "") -> int:
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


@transaction.atomic
def criteria_set_import(
    *,
    actor: Actor,
    uploaded: UploadedFile,
    criteria_set: CriteriaSet | None = None,
    year: int | None = None,
    group: UnitGroup | None = None,
    name: str = "",
    legal_reference: str = "",
) -> tuple[CriteriaSet, int]:
    """Import a workbook into `criteria_set` (an empty set), or into a new set made from `year`,
    `group` and `name`. One unit of work: a bad row leaves neither the new set nor any node behind.

    Returns the set and the number of criteria imported."""
    from apps.par import excel_criteria  # the workbook reader is built on this package's services

    if criteria_set is None:
        if group is None or year is None:
            raise ValidationError({"group": _("Needed to create a new set (or choose an empty set).")})
        criteria_set = criteria_set_create(
            actor=actor, year=year, group=group, name=name, legal_reference=legal_reference
        )
    count = excel_criteria.import_workbook(actor=actor, criteria_set=criteria_set, uploaded=uploaded)
    return criteria_set, count
