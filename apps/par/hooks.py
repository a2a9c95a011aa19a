"""What PAR scoring contributes to the platform (apps.core.hooks)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.utils.translation import gettext_lazy as _

from apps.core import hooks
from apps.org.models import Role
from apps.org.permissions import can
from apps.par.permissions import ParAction
from apps.par.selectors import worklists

hooks.register(
    hooks.NAVIGATION,
    hooks.NavItem(
        label=_("PAR scoring"),
        url_name="par:period_list",
        allowed=partial(can, action=ParAction.VIEW_PERIODS),
        icon="clipboard-check",
        order=20,
    ),
    hooks.NavItem(
        label=_("Criteria sets"),
        url_name="par:criteria_list",
        allowed=partial(can, action=ParAction.READ_CRITERIA),
        icon="list-check",
        order=30,
    ),
    hooks.NavItem(
        label=_("Appraisal"),
        url_name="par:appraisal_queue",
        allowed=partial(can, action=ParAction.APPRAISE),
        icon="clipboard-check",
        order=42,
    ),
    hooks.NavItem(
        label=_("PAR results"),
        url_name="par:results_periods",
        allowed=partial(can, action=ParAction.VIEW_RESULTS_LIST),
        icon="bar-chart-line",
        order=45,
    ),
)

# Start pages: what each role does in PAR. Orders 10-29 put these before the organisation's cards
# (units, people), as before; a unit's own "My unit" card stays first on the unit roles' pages.
hooks.register(
    hooks.START_CARDS,
    hooks.StartCard(
        key="par.secretariat.periods",
        role=Role.SECRETARIAT,
        title=_("PAR periods"),
        text=_("Open a period, set its criteria and follow the self-assessments."),
        url_name="par:period_list",
        icon="flag",
        order=10,
    ),
    hooks.StartCard(
        key="par.secretariat.criteria",
        role=Role.SECRETARIAT,
        title=_("Criteria sets"),
        text=_("Build each year's criteria for departments and communes."),
        url_name="par:criteria_list",
        icon="diagram-3",
        order=11,
    ),
    hooks.StartCard(
        key="par.leader.results",
        role=Role.LEADER,
        title=_("PAR Index results"),
        text=_("Rankings, analysis and charts of the PAR Index."),
        url_name="par:results_periods",
        icon="bar-chart",
        order=10,
    ),
    hooks.StartCard(
        key="par.appraiser.queue",
        role=Role.APPRAISER,
        title=_("Appraisal queue"),
        text=_("Self-assessments waiting for your review."),
        url_name="par:appraisal_queue",
        icon="clipboard-check",
        order=10,
    ),
    hooks.StartCard(
        key="par.unit_head.approve",
        role=Role.UNIT_HEAD,
        title=_("Approve the self-assessment"),
        text=_("Check and sign your unit's self-assessment."),
        url_name="par:period_list",
        icon="pen",
        order=20,
    ),
    hooks.StartCard(
        key="par.focal_point.self_assessment",
        role=Role.FOCAL_POINT,
        title=_("Self-assessment"),
        text=_("Score your unit and attach the evidence."),
        url_name="par:period_list",
        icon="list-check",
        order=20,
    ),
)

# The worklists: what waits for each PAR role today, first on its start page.
QUEUE_SHOWN = 10


def _unit_panel(role: str, key: str) -> Callable[[Any], dict[str, Any]]:
    def context(request: Any) -> dict[str, Any]:
        works = worklists.unit_worklist(user=request.user, role=role)
        return {
            "key": key,
            "works": works,
            "head": role == Role.UNIT_HEAD,
            "several_units": len({w.assessment.unit_id for w in works}) > 1,
        }

    return context


def _appraiser_panel(request: Any) -> dict[str, Any]:
    work = worklists.appraiser_worklist()
    return {
        "key": "par-appraiser",
        "work": work,
        "rows": work.rows[:QUEUE_SHOWN],
        "more": max(0, len(work.rows) - QUEUE_SHOWN),
    }


def _secretariat_panel(request: Any) -> dict[str, Any]:
    return {"key": "par-secretariat", "periods": worklists.period_progress(with_late=True)}


def _leader_panel(request: Any) -> dict[str, Any]:
    return {
        "key": "par-leader",
        "published": worklists.published_summaries(),
        "periods": worklists.period_progress(with_late=False),
    }


hooks.register(
    hooks.WORKLIST,
    hooks.WorkPanel(
        "par.focal_point",
        (Role.FOCAL_POINT,),
        "par/worklists/unit.html",
        _unit_panel(Role.FOCAL_POINT, "par-focal-point"),
        order=10,
    ),
    hooks.WorkPanel(
        "par.unit_head",
        (Role.UNIT_HEAD,),
        "par/worklists/unit.html",
        _unit_panel(Role.UNIT_HEAD, "par-unit-head"),
        order=11,
    ),
    hooks.WorkPanel("par.appraiser", (Role.APPRAISER,), "par/worklists/appraiser.html", _appraiser_panel, order=20),
    hooks.WorkPanel(
        "par.secretariat", (Role.SECRETARIAT,), "par/worklists/secretariat.html", _secretariat_panel, order=30
    ),
    hooks.WorkPanel("par.leader", (Role.LEADER,), "par/worklists/leader.html", _leader_panel, order=40),
)

hooks.register(
    hooks.PUBLIC_SERVICES,
    hooks.PublicService(
        key="par.results",
        title=_("PAR Index results"),
        text=_("The administrative reform index of every department and commune, year by year."),
        url_name="par_public:index",
        icon="bar-chart-line",
        order=10,
    ),
)

hooks.register(
    hooks.PUBLIC_URLS,
    hooks.PublicUrl("par_public:index"),
    hooks.PublicUrl("par_public:period"),
    hooks.PublicUrl("par_public:unit"),
    hooks.PublicUrl("par_public:results_xlsx"),
)

# Notification kinds (the outbox, apps.core.notifications).
hooks.register(
    hooks.NOTIFICATION_KINDS,
    hooks.NotificationKind(
        key="par.period_reminder",
        label=_("Self-assessment reminders"),
        description=_("Your unit's self-assessment of a scoring period is still in draft before its deadline."),
        email_default=True,
    ),
    hooks.NotificationKind(
        key="par.period_opened",
        label=_("Scoring period opened"),
        description=_("A scoring period is open: your unit's self-assessment can start."),
    ),
    hooks.NotificationKind(
        key="par.assessment_submitted",
        label=_("Self-assessment submitted"),
        description=_("A unit has submitted its self-assessment for appraisal."),
    ),
    hooks.NotificationKind(
        key="par.explanation_requested",
        label=_("Explanation requested"),
        description=_("The appraisers ask your unit to explain some criteria before a deadline."),
    ),
    hooks.NotificationKind(
        key="par.assessment_explained",
        label=_("Explanation received"),
        description=_("A unit has answered the explanation request: the second appraisal can start."),
    ),
    hooks.NotificationKind(
        key="par.assessment_finalised",
        label=_("Assessment finalised"),
        description=_("Your unit's scores are final; they are published with the period."),
    ),
    hooks.NotificationKind(
        key="par.period_published",
        label=_("PAR Index results published"),
        description=_("The results of a scoring period are published."),
    ),
)


def _load_demo(stdout: object) -> None:
    """The PAR Index demo (manage.py seed_demo); imported only when the demo is loaded."""
    from apps.par import demo

    demo.load(stdout)


# After the one-stop demo: PAR's 2025 set scores criteria from the one-stop metrics (by key, no import).
hooks.register(hooks.DEMO_LOADERS, hooks.DemoLoader(key="par", load=_load_demo, depends_on=("org", "onestop")))

hooks.register(
    hooks.AUDIT_ACTIONS,
    *(
        hooks.AuditAction(key, label)
        for key, label in (
            ("par.criteria_set.create", _("Criteria set created")),
            ("par.criteria_set.update", _("Criteria set changed")),
            ("par.criteria_set.clone", _("Criteria set copied from last year")),
            ("par.criteria_set.import", _("Criteria set imported from Excel")),
            ("par.criterion.create", _("Criterion added")),
            ("par.criterion.update", _("Criterion changed")),
            ("par.criterion.delete", _("Criterion removed")),
            ("par.criterion.map", _("Criterion mapped to last year's")),
            ("par.exclusion.set", _("Criterion marked not applicable")),
            ("par.exclusion.remove", _("Criterion applicable again")),
            ("par.period.open", _("Scoring period opened")),
            ("par.period.update", _("Scoring period changed")),
            ("par.period.publish", _("Results published")),
            ("par.period.remind", _("Reminder sent")),
            ("par.measured.set", _("Measured value entered")),
            ("par.measured.refresh", _("Measured values refreshed")),
            ("par.evidence.upload", _("Evidence uploaded")),
            ("par.score.self_update", _("Self-assessed score saved")),
            ("par.score.bulk_self_update", _("Self-assessed scores imported")),
            ("par.score.bulk_load", _("Scores loaded in bulk")),
            ("par.score.evidence_set", _("Evidence of a score changed")),
            ("par.score.appraise_round1", _("Score appraised (round 1)")),
            ("par.score.appraise_round2", _("Score appraised (round 2)")),
            ("par.score.bulk_appraise", _("Scores appraised in bulk")),
            ("par.score.appraisal_reset", _("Appraisal of a score reset")),
            ("par.score.request_explanation", _("Explanation requested for a score")),
            ("par.score.explain", _("Score explained")),
            ("par.assessment.submit", _("Self-assessment submitted")),
            ("par.assessment.return", _("Self-assessment returned")),
            ("par.assessment.conclude_round1", _("Appraisal round 1 concluded")),
            ("par.assessment.conclude_round2", _("Appraisal round 2 concluded")),
            ("par.assessment.request_explanation", _("Explanation requested")),
            ("par.assessment.explain", _("Explanation sent")),
            ("par.assessment.finalise", _("Assessment finalised")),
        )
    ),
)
