"""Who may do what in PAR scoring. Built on the roles and units of apps.org.permissions."""

from enum import StrEnum
from typing import Any

from django.core.exceptions import PermissionDenied

from apps.org.models import Role
from apps.org.permissions import has_role, member_unit_ids, own_unit_ids
from apps.par.models import Assessment, AssessmentStatus, PeriodStatus, ScoringPeriod


class ParAction(StrEnum):
    MANAGE = "par_manage"  # criteria sets, periods, measured values, reminders, finalise, publish
    VIEW_PROGRESS = "par_view_progress"  # progress of every unit (appraisers: of submitted ones)
    VIEW_ASSESSMENT = "par_view_assessment"
    EDIT_SELF = "par_edit_self"
    SUBMIT = "par_submit"
    RETURN = "par_return"
    APPRAISE = "par_appraise"
    EXPLAIN = "par_explain"
    FINALISE = "par_finalise"
    VIEW_RESULTS = "par_view_results"  # a period's results: published ones, or any for who may read drafts


UNIT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)
APPRAISAL_STATES = {AssessmentStatus.SUBMITTED, AssessmentStatus.EXPLANATION_REQUESTED, AssessmentStatus.EXPLAINED}


def _active(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_secretariat(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN)


def is_appraiser(user: Any) -> bool:
    return has_role(user, Role.APPRAISER, Role.SECRETARIAT)


def is_unit_member(user: Any, unit_id: int, *roles: str) -> bool:
    if roles:
        return unit_id in member_unit_ids(user, *roles)
    return unit_id in own_unit_ids(user)


def can_par(user: Any, action: ParAction, obj: Any = None) -> bool:
    if not _active(user):
        return False
    match action:
        case ParAction.MANAGE | ParAction.RETURN | ParAction.FINALISE:
            return is_secretariat(user)
        case ParAction.VIEW_PROGRESS:
            return has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER, Role.APPRAISER)
        case ParAction.VIEW_RESULTS:
            period: ScoringPeriod = obj
            # Unpublished results are computed from every unit's scores, drafts included, so they
            # are for the roles that may read drafts; appraisers see drafts nowhere (not here either).
            return period.status == PeriodStatus.PUBLISHED or has_role(
                user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER
            )
    assessment: Assessment = obj
    own = is_unit_member(user, assessment.unit_id)
    match action:
        case ParAction.VIEW_ASSESSMENT:
            if has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER):
                return True
            # An appraiser sits in the province unit, whose sub-units are every unit: being "in" the
            # unit does not let them read a draft; only a focal point or head of the unit may.
            if has_role(user, Role.APPRAISER) and not is_unit_member(user, assessment.unit_id, *UNIT_ROLES):
                return assessment.status != AssessmentStatus.DRAFT or assessment.period.status == PeriodStatus.PUBLISHED
            if own:
                return True
            return assessment.period.status == PeriodStatus.PUBLISHED
        case ParAction.EDIT_SELF:
            return is_unit_member(user, assessment.unit_id, *UNIT_ROLES)
        case ParAction.SUBMIT:
            return is_unit_member(user, assessment.unit_id, Role.UNIT_HEAD)
        case ParAction.EXPLAIN:
            return is_unit_member(user, assessment.unit_id, *UNIT_ROLES)
        case ParAction.APPRAISE:
            return is_appraiser(user)
    return False


def require_par(user: Any, action: ParAction, obj: Any = None) -> None:
    if not can_par(user, action, obj):
        raise PermissionDenied
