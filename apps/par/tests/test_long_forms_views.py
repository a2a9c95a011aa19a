"""Long forms on the pages: the jump menu and its progress, "accept remaining" and the filters of
the appraisal page, the Word report linked from the self-assessment, finalising after a confirmation."""

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from apps.core.models import AuditEvent
from apps.par.models import Assessment, AssessmentStatus, Criterion, Score
from apps.par.selectors.figures import assessment_figures
from apps.par.services import assessments as svc
from apps.par.tests.test_appraisal_support import (  # noqa: F401
    APPRAISAL_DAY,
    SELF_DAY,
    _media_in_tmp,
    appraise_all,
    score_of,
    submitted,
)
from conftest import client_for

D = Decimal
pytestmark = pytest.mark.django_db


def detail_url(assessment: Assessment) -> str:
    return reverse("par:appraisal_detail", args=[assessment.pk])


def accept_url(assessment: Assessment) -> str:
    return reverse("par:appraisal_accept_remaining", args=[assessment.pk])


def area_pk(assessment: Assessment, code: str) -> int:
    return Criterion.objects.get(criteria_set_id=assessment.period.criteria_set_id, code=code).pk


@pytest.fixture
def appraised(submitted: Assessment, appraiser: Any) -> Assessment:  # noqa: F811
    with time_machine.travel(APPRAISAL_DAY):
        appraise_all(submitted, appraiser, flag=())
        svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    return submitted


# --- Jump menu ---------------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_shows_each_area_with_what_is_appraised_in_the_jump_menu(submitted, appraiser) -> None:  # noqa: F811
    s11 = score_of(submitted, "1.1")
    svc.score_appraise(actor=appraiser, score=s11, version=s11.version, points=None, accept=True)
    response = client_for(appraiser).get(detail_url(submitted))
    assert response.status_code == 200
    areas = {area.code: area for area in response.context["areas"]}
    assert (areas["1"].done, areas["1"].total) == (1, 3)
    assert [m.code for m in areas["1"].missing] == ["1.2", "1.3"]
    assert (areas["2"].done, areas["2"].total) == (0, 1)  # 2.1 is measured
    assert (response.context["done"], response.context["total"]) == (1, 6)
    body = response.content.decode()
    assert 'data-testid="jump-menu"' in body and 'data-testid="next-missing"' in body
    assert f'href="#leaf-{score_of(submitted, "1.2").pk}"' in body
    assert 'data-par-state="done" data-par-code="1.1"' in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_collapses_the_areas_that_are_finished(submitted, appraiser) -> None:  # noqa: F811
    for code in ("1.1", "1.2", "1.3"):
        s = score_of(submitted, code)
        svc.score_appraise(actor=appraiser, score=s, version=s.version, points=None, accept=True)
    body = client_for(appraiser).get(detail_url(submitted)).content.decode()
    area1, area2 = area_pk(submitted, "1"), area_pk(submitted, "2")
    assert f'class="collapse" id="area-{area1}-body"' in body
    assert f'class="collapse show" id="area-{area2}-body"' in body


@time_machine.travel(SELF_DAY)
def test_it_shows_the_self_assessment_by_area_with_what_is_filled(submitted, focal_a, focal_b, unit_b) -> None:  # noqa: F811
    draft = Assessment.objects.get(period=submitted.period, unit=unit_b)
    response = client_for(focal_b).get(reverse("par:assessment_detail", args=[draft.pk]))
    assert response.status_code == 200
    areas = {area.code: area for area in response.context["areas"]}
    assert (areas["1"].done, areas["1"].total) == (0, 3)
    assert [m.code for m in areas["1"].missing] == ["1.1", "1.2", "1.3"]
    assert (areas["2"].done, areas["2"].total) == (0, 1)  # 2.1 is measured
    assert (response.context["done"], response.context["total"]) == (0, 6)
    body = response.content.decode()
    assert 'data-par-longform="self"' in body and 'data-testid="jump-menu"' in body
    assert 'data-par-state="missing" data-par-code="2.2"' in body
    filled = client_for(focal_a).get(reverse("par:assessment_detail", args=[submitted.pk]))
    assert (filled.context["done"], filled.context["total"]) == (6, 6)


# --- Accept remaining ---------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_the_remaining_scores_of_an_area_from_the_page(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    body = client.get(detail_url(submitted)).content.decode()
    assert accept_url(submitted) in body and 'data-testid="accept-remaining"' in body
    area1 = area_pk(submitted, "1")
    response = client.post(accept_url(submitted), {"version": submitted.version, "area": area1})
    assert response.status_code == 302
    assert response["Location"] == f"{detail_url(submitted)}#area-{area1}"
    points = {
        s.criterion.code: s.round1_points
        for s in Score.objects.filter(assessment=submitted).select_related("criterion")
    }
    assert points["1.1"] == D("3.50") and points["1.2"] is not None and points["1.3"] is not None
    assert points["2.2"] is None
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages and "3" in messages[0]
    assert AuditEvent.objects.filter(action="par.score.appraise_round1").count() == 3


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_every_remaining_score_of_the_assessment_from_the_page(submitted, appraiser) -> None:  # noqa: F811
    response = client_for(appraiser).post(accept_url(submitted), {"version": submitted.version})
    assert response.status_code == 302 and response["Location"] == detail_url(submitted)
    assert Score.objects.filter(assessment=submitted, round1_points__isnull=False).count() == 6


@time_machine.travel(APPRAISAL_DAY)
def test_it_answers_a_stale_accept_remaining_with_409(submitted, appraiser) -> None:  # noqa: F811
    response = client_for(appraiser).post(accept_url(submitted), {"version": submitted.version - 1})
    assert response.status_code == 409
    assert response.context["error"]
    assert not Score.objects.filter(assessment=submitted, round1_points__isnull=False).exists()


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_bad_accept_remaining(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    leaf_node = area_pk(submitted, "1.1")
    assert client.post(accept_url(submitted), {"version": submitted.version, "area": leaf_node}).status_code == 400
    assert client.post(accept_url(submitted), {"version": submitted.version, "area": "x"}).status_code == 400
    assert client.post(accept_url(submitted), {"version": ""}).status_code == 400
    assert not Score.objects.filter(assessment=submitted, round1_points__isnull=False).exists()


@time_machine.travel(APPRAISAL_DAY)
def test_it_keeps_accept_remaining_to_appraisers(submitted, focal_a, head_a, focal_b, leader, appraiser) -> None:  # noqa: F811
    for user in (focal_a, head_a, leader):
        assert client_for(user).post(accept_url(submitted), {"version": submitted.version}).status_code == 403
    assert client_for(focal_b).post(accept_url(submitted), {"version": submitted.version}).status_code == 404
    assert client_for(appraiser).get(accept_url(submitted)).status_code == 405
    missing = reverse("par:appraisal_accept_remaining", args=[999999])
    assert client_for(appraiser).post(missing, {"version": 1}).status_code == 404
    assert not Score.objects.filter(assessment=submitted, round1_points__isnull=False).exists()


# --- Filters ------------------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_filters_the_appraisal_page(submitted, appraiser) -> None:  # noqa: F811
    s11 = score_of(submitted, "1.1")
    svc.score_appraise(actor=appraiser, score=s11, version=s11.version, points="2", reason="Ban hành muộn")
    s12 = score_of(submitted, "1.2")
    svc.score_appraise(actor=appraiser, score=s12, version=s12.version, points=None, accept=True)
    client = client_for(appraiser)
    for show in ("unappraised", "adjusted", "noevidence"):
        response = client.get(detail_url(submitted), {"show": show})
        assert response.context["show"] == show
        assert f"par-filter-{show}" in response.content.decode()
    assert client.get(detail_url(submitted), {"show": "nope"}).context["show"] == ""
    body = client.get(detail_url(submitted)).content.decode()
    leaf = {code: body.split(f'data-testid="leaf-{code}"', 1)[1].split(">", 1)[0] for code in ("1.1", "1.2", "1.3")}
    assert "data-par-adjusted" in leaf["1.1"] and "data-par-unappraised" not in leaf["1.1"]
    assert "data-par-adjusted" not in leaf["1.2"] and "data-par-unappraised" not in leaf["1.2"]
    assert "data-par-unappraised" in leaf["1.3"]


# --- Links: the Word report, the finalise page ---------------------------------------------------


@time_machine.travel(SELF_DAY)
def test_it_links_the_word_report_from_the_assessment_and_the_submit_step(
    unit_a, unit_b, focal_a, head_a, secretariat
) -> None:
    from apps.par.tests.factories import build_set, group_of, open_period

    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    assessment = Assessment.objects.get(period=period, unit=unit_a)
    report = reverse("par:assessment_report_docx", args=[assessment.pk])
    url = reverse("par:assessment_detail", args=[assessment.pk])
    focal_page = client_for(focal_a).get(url).content.decode()
    assert f'href="{report}" data-testid="report-link"' in focal_page
    assert 'data-testid="report-link-submit"' not in focal_page  # the focal point does not submit
    head_page = client_for(head_a).get(url).content.decode()
    assert f'href="{report}" data-testid="report-link-submit"' in head_page
    assert client_for(head_a).get(report).status_code == 200


@time_machine.travel(APPRAISAL_DAY)
def test_it_links_the_finalise_page_from_the_progress_and_appraisal_pages(submitted, secretariat, appraiser) -> None:  # noqa: F811
    finalise = reverse("par:period_finalise", args=[submitted.period_id])
    progress = client_for(secretariat).get(reverse("par:period_progress", args=[submitted.period_id]))
    assert f'href="{finalise}" data-testid="finalise-link"' in progress.content.decode()
    detail = client_for(secretariat).get(detail_url(submitted)).content.decode()
    assert f'href="{finalise}" data-testid="finalise-link"' in detail
    assert 'data-testid="finalise-link"' not in client_for(appraiser).get(detail_url(submitted)).content.decode()


# --- Finalising after a confirmation --------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_asks_for_a_confirmation_before_finalising(appraised, secretariat) -> None:
    client = client_for(secretariat)
    confirm = client.get(reverse("par:assessment_finalise_confirm", args=[appraised.pk]))
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert 'name="confirm" value="yes"' in body and reverse("par:assessment_finalise", args=[appraised.pk]) in body
    assert 'data-testid="confirm-total"' in body
    assert confirm.context["figures"].total == assessment_figures(appraised).total  # as the appraisal page shows it
    url = reverse("par:assessment_finalise", args=[appraised.pk])
    refused = client.post(url, {"version": appraised.version})
    assert refused.status_code == 400 and refused.context["error"]
    appraised.refresh_from_db()
    assert appraised.status == AssessmentStatus.APPRAISED
    assert client.post(url, {"version": appraised.version, "confirm": "yes"}).status_code == 302
    appraised.refresh_from_db()
    assert appraised.status == AssessmentStatus.FINALISED


@time_machine.travel(APPRAISAL_DAY)
def test_it_asks_for_a_confirmation_before_finalising_every_appraised_assessment(appraised, secretariat) -> None:
    url = reverse("par:period_finalise_all", args=[appraised.period_id])
    assert client_for(secretariat).post(url).status_code == 400
    appraised.refresh_from_db()
    assert appraised.status == AssessmentStatus.APPRAISED
    page = client_for(secretariat).get(reverse("par:period_finalise", args=[appraised.period_id])).content.decode()
    assert '<input type="hidden" name="confirm" value="yes">' in page


@time_machine.travel(APPRAISAL_DAY)
def test_it_keeps_the_confirmation_step_to_the_secretariat(appraised, appraiser, focal_a, focal_b) -> None:
    url = reverse("par:assessment_finalise_confirm", args=[appraised.pk])
    assert client_for(appraiser).get(url).status_code == 403
    assert client_for(focal_a).get(url).status_code == 403
    assert client_for(focal_b).get(url).status_code == 404


# --- What the jump menu's script reads after an htmx save --------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_marks_the_saved_appraisal_leaf_done_for_the_menu(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.2")
    response = client_for(appraiser).post(
        reverse("par:score_accept", args=[s.pk]), {"version": s.version}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-par-state="done" data-par-code="1.2"' in body
    assert "data-par-unappraised" not in body and "data-par-acceptable" not in body


@time_machine.travel(SELF_DAY)
def test_it_marks_the_saved_self_assessment_leaf_done_for_the_menu(submitted, focal_b, unit_b) -> None:  # noqa: F811
    draft = Assessment.objects.get(period=submitted.period, unit=unit_b)
    s = score_of(draft, "1.2")
    response = client_for(focal_b).post(
        reverse("par:score_save", args=[s.pk]), {"version": s.version, "value": "1"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert 'data-par-state="done" data-par-code="1.2"' in response.content.decode()


@time_machine.travel(APPRAISAL_DAY)
def test_it_opens_the_areas_where_the_appraisers_changed_something_for_the_unit(submitted, appraiser, focal_a) -> None:  # noqa: F811
    appraise_all(submitted, appraiser)  # 1.1 lowered and flagged, the others accepted
    svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    response = client_for(focal_a).get(reverse("par:assessment_detail", args=[submitted.pk]))
    areas = {area.code: area for area in response.context["areas"]}
    assert areas["1"].complete and not areas["1"].folded
    assert areas["2"].folded
    body = response.content.decode()
    assert f'class="collapse show" id="area-{area_pk(submitted, "1")}-body"' in body
    assert f'class="collapse" id="area-{area_pk(submitted, "2")}-body"' in body


# --- Review of issue 7: folding marker, a unit asked to explain, the appraisal page's figures -------


@time_machine.travel(APPRAISAL_DAY)
def test_it_gives_each_area_header_a_button_with_a_chevron(submitted, appraiser, focal_a) -> None:  # noqa: F811
    pages = [
        client_for(focal_a).get(reverse("par:assessment_detail", args=[submitted.pk])).content.decode(),
        client_for(appraiser).get(detail_url(submitted)).content.decode(),
    ]
    for body in pages:
        for code in ("1", "2"):
            key = f"area-{area_pk(submitted, code)}"
            button = body[body.index(f'id="{key}-title"') :]
            button = button[: button.index("</button>")]
            assert f'aria-controls="{key}-body"' in button and "aria-expanded=" in button
            assert 'type="button"' in button
            assert '<i class="bi bi-chevron-down par-area-chevron" aria-hidden="true"></i>' in button


@time_machine.travel(APPRAISAL_DAY)
def test_it_leads_a_unit_asked_to_explain_to_the_criteria_to_explain(submitted, appraiser, focal_a) -> None:  # noqa: F811
    appraise_all(submitted, appraiser)  # 1.1 lowered and flagged
    svc.appraisal_conclude(actor=appraiser, assessment=submitted, version=submitted.version)
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.EXPLANATION_REQUESTED
    response = client_for(focal_a).get(reverse("par:assessment_detail", args=[submitted.pk]))
    assert (response.context["done"], response.context["total"]) == (6, 6)
    areas = {area.code: area for area in response.context["areas"]}
    assert [m.code for m in areas["1"].to_explain] == ["1.1"] and areas["2"].to_explain == []
    assert response.context["to_explain"] == 1
    body = response.content.decode()
    flagged = score_of(submitted, "1.1")
    assert 'data-par-code="1.1" data-par-explain' in body and body.count("data-par-explain") == 1
    assert f'href="#leaf-{flagged.pk}"' in body  # listed in the menu as to explain
    for testid in ("next-missing", "next-missing-bar"):
        button = body[body.index(f'data-testid="{testid}"') :]
        assert " disabled" not in button[: button.index(">")]  # "next" is not a dead button
        assert "Next to explain" in button[: button.index("</button>")]
    explain_url = reverse("par:explanation_form", args=[submitted.pk])
    assert f'href="{explain_url}" data-testid="explanation-link-menu"' in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_keeps_next_missing_disabled_once_all_is_filled_and_nothing_to_explain(submitted, focal_a) -> None:  # noqa: F811
    response = client_for(focal_a).get(reverse("par:assessment_detail", args=[submitted.pk]))
    body = response.content.decode()
    assert response.context["to_explain"] == 0 and "data-par-explain" not in body
    button = body[body.index('data-testid="next-missing"') :]
    assert " disabled" in button[: button.index(">")]
    assert 'data-testid="explanation-link-menu"' not in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_puts_the_appraisal_figures_beside_the_form_below_the_menu(submitted, appraiser) -> None:  # noqa: F811
    body = client_for(appraiser).get(detail_url(submitted)).content.decode()
    menu, figures, form = (
        body.index(f'data-testid="{testid}"') for testid in ("jump-menu", "appraised-total", "appraisal-areas")
    )
    assert menu < figures < form  # in the side column (first in the markup), after the menu
    assert "col-lg-7" not in body
