"""Who is told what along the PAR cycle, through the platform outbox (apps.core.notifications).

Each function is called by a service inside its own transaction (one line there): the rows are
written with the change and delivered after the commit, by the task worker or the sweep. Dedupe
keys carry the assessment's version, so a unit that is returned and submits again notifies again,
and a service that runs twice does not.

    period opened           focal points and heads of each unit of the period
    deadline in N days      (apps.par.services.reminders: the "send reminders" button and cron)
    submitted, explained    the appraisers
    explanation requested   the unit, with the explanation deadline
    finalised               the unit
    published               every unit of the period and the leaders
"""

from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.core.notifications import notify
from apps.core.workdays import working_days_between
from apps.org.models import Role
from apps.org.selectors import unit_contacts
from apps.par.models import Assessment, AssessmentStatus, ScoringPeriod

UNIT_ROLES = (Role.FOCAL_POINT, Role.UNIT_HEAD)

OPENED = "par.period_opened"
SUBMITTED = "par.assessment_submitted"
EXPLANATION_REQUESTED = "par.explanation_requested"
EXPLAINED = "par.assessment_explained"
FINALISED = "par.assessment_finalised"
PUBLISHED = "par.period_published"


def role_holders(*roles: str) -> list[Any]:
    """Everyone active holding one of `roles` in any unit (the appraisers, the leaders)."""
    return list(
        get_user_model()
        .objects.filter(memberships__role__in=roles, memberships__is_active=True, is_active=True)
        .distinct()
        .order_by("pk")
    )


def _assessment_context(assessment: Assessment, **extra: Any) -> dict[str, Any]:
    period = assessment.period
    return {
        "period": period.name,
        "unit": assessment.unit.name,
        "url": reverse("par:assessment_detail", args=[assessment.pk]),
        **extra,
    }


def period_opened(period: ScoringPeriod) -> None:
    """One notification per unit of a newly opened period, to its focal points and head."""
    assessments = list(period.assessments.select_related("unit"))
    contacts = unit_contacts(unit_ids=[a.unit_id for a in assessments], roles=UNIT_ROLES)
    for assessment in assessments:
        assessment.period = period
        notify(
            kind=OPENED,
            dedupe_key=f"{OPENED}:{period.pk}:{assessment.unit_id}",
            recipients=contacts.get(assessment.unit_id, []),
            context=_assessment_context(
                assessment,
                deadline=period.self_assessment_deadline.isoformat(),
                working_days=working_days_between(period.created_at, period.self_assessment_deadline),
            ),
            unit_id=assessment.unit_id,
        )


def assessment_moved(assessment: Assessment, action: str) -> None:
    """After a workflow transition (apps.par.services._common.transition): tell whoever acts next."""
    key = f"{action}:{assessment.pk}:{assessment.version}"
    if action == "submit":
        recipients, kind, url = role_holders(Role.APPRAISER), SUBMITTED, "par:appraisal_detail"
    elif action == "explain":
        recipients, kind, url = role_holders(Role.APPRAISER), EXPLAINED, "par:appraisal_detail"
    elif action == "request_explanation" and assessment.status == AssessmentStatus.EXPLANATION_REQUESTED:
        recipients, kind, url = _unit_people(assessment), EXPLANATION_REQUESTED, "par:explanation_form"
    elif action == "finalise":
        recipients, kind, url = _unit_people(assessment), FINALISED, "par:assessment_detail"
    else:
        return
    context = _assessment_context(assessment, url=reverse(url, args=[assessment.pk]))
    if kind == EXPLANATION_REQUESTED:
        context["deadline"] = assessment.period.explanation_deadline.isoformat()
        context["criteria"] = assessment.scores.filter(explanation_requested=True).count()
    notify(kind=kind, dedupe_key=f"par.{key}", recipients=recipients, context=context, unit_id=assessment.unit_id)


def _unit_people(assessment: Assessment) -> list[Any]:
    return unit_contacts(unit_ids=[assessment.unit_id], roles=UNIT_ROLES).get(assessment.unit_id, [])


def period_published(period: ScoringPeriod) -> None:
    """One notification to the focal points and heads of every unit of the period, and the leaders."""
    unit_ids = list(period.assessments.values_list("unit_id", flat=True))
    people = [user for users in unit_contacts(unit_ids=unit_ids, roles=UNIT_ROLES).values() for user in users]
    notify(
        kind=PUBLISHED,
        dedupe_key=f"{PUBLISHED}:{period.pk}:{period.version}",
        recipients=[*people, *role_holders(Role.LEADER)],
        context={
            "period": period.name,
            "decision": period.decision_reference,
            "url": reverse("par_public:period", args=[period.pk]),
        },
    )


KINDS = (OPENED, SUBMITTED, EXPLANATION_REQUESTED, EXPLAINED, FINALISED, PUBLISHED)
