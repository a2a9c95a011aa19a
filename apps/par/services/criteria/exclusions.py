"""Not-applicable criteria: a criterion that does not apply to one unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.core.actors import Actor
from apps.core.audit import audit_record, snapshot
from apps.org.models import Unit
from apps.par.models import (
    Criterion,
    CriterionExclusion,
)
from apps.par.services.criteria._shared import (
    EXCLUSION_FIELDS,
    _recompute,
    _refuse_if_published,
    set_usage,
)

# --- not-applicable criteria ------------------------------------------------------------------------


@transaction.atomic
def criterion_exclusion_set(*, actor: Actor, criterion: Criterion, unit: Unit, reason: str) -> CriterionExclusion:
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
def criterion_exclusion_remove(*, actor: Actor, exclusion: CriterionExclusion) -> None:
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
