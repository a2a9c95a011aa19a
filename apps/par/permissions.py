"""Who may do what in PAR scoring. Built on the roles and units of apps.org.permissions."""

from enum import StrEnum
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from apps.core.actors import Actor
from apps.org.models import Role
from apps.org.permissions import has_role, member_unit_ids, own_unit_ids, register_policy
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
    READ_CRITERIA = "par_read_criteria"  # criteria sets and their guidance
    VIEW_PERIODS = "par_view_periods"  # the list of scoring periods (province-wide roles and units' PAR staff)
    VIEW_RESULTS_LIST = "par_view_results_list"  # the results pages (anyone in a unit, and who follows progress)
    # An assessment's notes, explanations, appraisers' reasons and evidence titles: the unit itself,
    # the appraisers, the secretariat and leaders. Everyone else who may see the assessment (other
    # units and the public, once published) sees points per criterion and totals only.
    VIEW_ASSESSMENT_DETAIL = "par_view_assessment_detail"


UNIT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)
# Who needs the criteria (and their guidance): PAR roles province-wide and the units' PAR staff.
CRITERIA_READERS = (Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER, Role.APPRAISER, *UNIT_ROLES)
APPRAISAL_STATES = {AssessmentStatus.SUBMITTED, AssessmentStatus.EXPLANATION_REQUESTED, AssessmentStatus.EXPLAINED}


def is_secretariat(user: Any) -> bool:
    return has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN)


def is_appraiser(user: Any) -> bool:
    return has_role(user, Role.APPRAISER, Role.SECRETARIAT)


def is_unit_member(user: Any, unit_id: int, *roles: str) -> bool:
    if roles:
        return unit_id in member_unit_ids(user, *roles)
    return unit_id in own_unit_ids(user)


def _can(user: Any, action: ParAction, obj: Any = None) -> bool:
    match action:
        case ParAction.MANAGE | ParAction.RETURN | ParAction.FINALISE:
            return is_secretariat(user)
        case ParAction.VIEW_PROGRESS:
            return has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER, Role.APPRAISER)
        case ParAction.READ_CRITERIA:
            return has_role(user, *CRITERIA_READERS)
        case ParAction.VIEW_PERIODS:
            return has_role(user, *CRITERIA_READERS)
        case ParAction.VIEW_RESULTS_LIST:
            return _can(user, ParAction.VIEW_PROGRESS) or bool(member_unit_ids(user))
        case ParAction.APPRAISE:
            return is_appraiser(user)
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
        case ParAction.VIEW_ASSESSMENT_DETAIL:
            if has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER):
                return True
            if has_role(user, Role.APPRAISER) and assessment.status != AssessmentStatus.DRAFT:
                return True
            return own
        case ParAction.EDIT_SELF:
            return is_unit_member(user, assessment.unit_id, *UNIT_ROLES)
        case ParAction.SUBMIT:
            return is_unit_member(user, assessment.unit_id, Role.UNIT_HEAD)
        case ParAction.EXPLAIN:
            return is_unit_member(user, assessment.unit_id, *UNIT_ROLES)
    return False


def actor_of(request: Any) -> Actor:
    """The signed-in user acting on a request (views and handlers call this after their access check)."""
    user = request.user
    if isinstance(user, AnonymousUser) or not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    actor: Actor = user
    return actor


class ParPolicy:
    def can(self, user: Any, action: ParAction, obj: Any) -> bool:
        return _can(user, action, obj)

    def scope(self, user: Any, action: ParAction, queryset: QuerySet[Any]) -> QuerySet[Any]:
        """Assessments (or rows with an `assessment`) the user may act on; all or none for the other actions."""
        per_assessment = {
            ParAction.VIEW_ASSESSMENT,
            ParAction.VIEW_ASSESSMENT_DETAIL,
            ParAction.EDIT_SELF,
            ParAction.SUBMIT,
            ParAction.EXPLAIN,
        }
        if action not in per_assessment:
            return queryset if _can(user, action, None) else queryset.none()
        prefix = "" if queryset.model is Assessment else "assessment__"
        reading = action in {ParAction.VIEW_ASSESSMENT, ParAction.VIEW_ASSESSMENT_DETAIL}
        if reading and has_role(user, Role.SECRETARIAT, Role.SYSTEM_ADMIN, Role.LEADER):
            return queryset
        roles = {ParAction.SUBMIT: (Role.UNIT_HEAD,)}.get(action, UNIT_ROLES)
        own = own_unit_ids(user) if reading else member_unit_ids(user, *roles)
        visible = Q(**{f"{prefix}unit_id__in": own})
        if reading and has_role(user, Role.APPRAISER):
            visible |= ~Q(**{f"{prefix}status": AssessmentStatus.DRAFT})
        if action == ParAction.VIEW_ASSESSMENT:
            visible |= Q(**{f"{prefix}period__status": PeriodStatus.PUBLISHED})
        return queryset.filter(visible)


register_policy(ParAction, ParPolicy())
