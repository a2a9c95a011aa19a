"""The appraisal pages: queue, per-assessment page, the leaf htmx actions and concluding a round."""

from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.org.tests.factories import UnitFactory
from apps.par.models import Assessment, AssessmentStatus, CriterionExclusion, Evidence
from apps.par.services import assessments as svc
from apps.par.tests.factories import build_set, group_of, open_period
from apps.par.tests.test_appraisal_support import (  # noqa: F401
    AFTER_EXPLANATION,
    APPRAISAL_DAY,
    SELF_DAY,
    _media_in_tmp,
    appraise_all,
    appraiser2,
    explained,
    explanation_requested,
    pdf,
    score_of,
    submitted,
)
from conftest import client_for

D = Decimal
pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail_url(assessment: Assessment) -> str:
    return reverse("par:appraisal_detail", args=[assessment.pk])


def post_leaf(client: Any, name: str, score: Any, **data: Any) -> Any:
    data.setdefault("version", score.version)
    return client.post(reverse(f"par:{name}", args=[score.pk]), data, **HTMX)


# --- Queue -----------------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_lists_submitted_assessments_in_the_queue(submitted, appraiser, unit_b) -> None:  # noqa: F811
    response = client_for(appraiser).get(reverse("par:appraisal_queue"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Sở Tư pháp" in body
    assert "Sở Y tế" not in body  # unit B is still a draft
    queue = response.context["queue"]
    assert [(row.assessment.pk, row.round, row.done, row.total) for row in queue] == [(submitted.pk, 1, 0, 6)]


@time_machine.travel(APPRAISAL_DAY)
def test_it_counts_progress_and_shows_round_two_after_the_explanation(explained, appraiser) -> None:  # noqa: F811
    queue = client_for(appraiser).get(reverse("par:appraisal_queue")).context["queue"]
    assert [(row.round, row.done, row.total) for row in queue] == [(2, 0, 1)]


@time_machine.travel(APPRAISAL_DAY)
def test_it_hides_assessments_waiting_for_the_explanation(explanation_requested, appraiser) -> None:  # noqa: F811
    assert client_for(appraiser).get(reverse("par:appraisal_queue")).context["queue"] == []
    with time_machine.travel(AFTER_EXPLANATION):
        queue = client_for(appraiser).get(reverse("par:appraisal_queue")).context["queue"]
        assert [row.round for row in queue] == [2]


def test_it_refuses_the_queue_to_unit_roles(focal_a, head_a, leader) -> None:
    for user in (focal_a, head_a, leader):
        assert client_for(user).get(reverse("par:appraisal_queue")).status_code == 403


def test_it_refuses_to_post_to_the_queue(appraiser) -> None:
    assert client_for(appraiser).post(reverse("par:appraisal_queue")).status_code == 405


def _submitted_units(count: int, secretariat: Any, province: Any) -> None:
    units = [UnitFactory(parent=province, name=f"Sở số {i}") for i in range(count)]
    group = group_of(*units, code=f"g{count}")
    period = open_period(group, build_set(group, year=2025 if count < 5 else 2024), actor=secretariat)
    Assessment.objects.filter(period=period).update(status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now())


@time_machine.travel(APPRAISAL_DAY)
def test_it_runs_a_fixed_number_of_queries_for_the_queue(
    appraiser, secretariat, province, django_assert_max_num_queries
) -> None:
    client = client_for(appraiser)
    _submitted_units(2, secretariat, province)
    client.get(reverse("par:appraisal_queue"))  # warm caches (sessions, content types)
    with django_assert_max_num_queries(12) as small:
        assert len(client.get(reverse("par:appraisal_queue")).context["queue"]) == 2
    _submitted_units(8, secretariat, province)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(client.get(reverse("par:appraisal_queue")).context["queue"]) == 10


# --- The appraisal page ------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_shows_the_unit_score_beside_the_appraisal_field(submitted, appraiser) -> None:  # noqa: F811
    response = client_for(appraiser).get(detail_url(submitted))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="leaf-1.1"' in body
    assert "3.50" in body and "Ghi chú 1.1" in body and "Kế hoạch CCHC 2025" in body
    assert reverse("par:score_accept", args=[score_of(submitted, "1.1").pk]) in body
    assert reverse("par:score_accept", args=[score_of(submitted, "2.1").pk]) not in body  # measured criterion
    assert reverse("par:appraisal_conclude", args=[submitted.pk]) in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_links_evidence_to_the_viewer_in_a_new_tab_when_it_exists(submitted, appraiser) -> None:  # noqa: F811
    from django.urls import NoReverseMatch

    doc = Evidence.objects.get(unit=submitted.unit)
    body = client_for(appraiser).get(detail_url(submitted)).content.decode()
    try:
        url = reverse("par:evidence_file", args=[doc.pk])
    except NoReverseMatch:
        assert "Kế hoạch CCHC 2025" in body
    else:
        assert f'href="{url}" target="_blank"' in body


@time_machine.travel(APPRAISAL_DAY)
def test_it_hides_the_appraisal_page_from_others(submitted, focal_a, focal_b, head_a) -> None:  # noqa: F811
    assert client_for(focal_a).get(detail_url(submitted)).status_code == 403
    assert client_for(head_a).get(detail_url(submitted)).status_code == 403
    assert client_for(focal_b).get(detail_url(submitted)).status_code == 404


@time_machine.travel(APPRAISAL_DAY)
def test_it_hides_a_draft_assessment_from_the_appraiser(submitted, appraiser, unit_b) -> None:  # noqa: F811
    draft = Assessment.objects.get(period=submitted.period, unit=unit_b)
    client = client_for(appraiser)
    assert client.get(detail_url(draft)).status_code == 404
    assert client.get(reverse("par:appraisal_detail", args=[999999])).status_code == 404
    s = score_of(draft, "1.1")
    assert post_leaf(client, "score_accept", s).status_code == 404
    assert client.post(reverse("par:appraisal_conclude", args=[draft.pk]), {"version": 1}).status_code == 404


def _big_assessment(leaves: int, secretariat: Any, focal: Any, head: Any, unit: Any, year: int) -> Assessment:
    spec = [("1", "Lĩnh vực", leaves, None, False, "normal")] + [
        (f"1.{i}", f"Tiêu chí {i}", 1, {"type": "manual", "step": "0.25"}, True, "normal") for i in range(1, leaves + 1)
    ]
    group = group_of(unit, code=f"g{year}")
    period = open_period(group, build_set(group, year=year, spec=spec), actor=secretariat)
    assessment = Assessment.objects.select_related("period", "unit").get(period=period)
    from apps.par.services.evidence import evidence_upload

    doc = evidence_upload(actor=focal, unit=unit, year=year, title="Báo cáo", uploaded=pdf())
    for i in range(1, leaves + 1):
        s = score_of(assessment, f"1.{i}")
        s = svc.score_self_update(actor=focal, score=s, version=s.version, value="1", note="ok")
        svc.score_evidence_set(actor=focal, score=s, version=s.version, evidence=[doc])
    svc.assessment_submit(actor=head, assessment=assessment, version=assessment.version)
    return assessment


@time_machine.travel(SELF_DAY)
def test_it_runs_a_fixed_number_of_queries_for_the_appraisal_page(
    secretariat, appraiser, focal_a, head_a, unit_a, unit_b, django_assert_max_num_queries
) -> None:
    from apps.org.models import Role
    from apps.org.tests.factories import user_with_role

    focal_b2 = user_with_role("focal_b2", Role.FOCAL_POINT, unit_b, "Đầu mối B")
    head_b2 = user_with_role("head_b2", Role.UNIT_HEAD, unit_b, "Thủ trưởng B")
    small = _big_assessment(10, secretariat, focal_a, head_a, unit_a, 2025)
    large = _big_assessment(40, secretariat, focal_b2, head_b2, unit_b, 2024)
    client = client_for(appraiser)
    client.get(detail_url(small))
    with django_assert_max_num_queries(25) as counted:
        assert client.get(detail_url(small)).status_code == 200
    with django_assert_max_num_queries(len(counted.captured_queries)):
        response = client.get(detail_url(large))
    assert response.status_code == 200
    assert sum(len(area.leaves) for area in response.context["areas"]) == 40


# --- Leaf actions --------------------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_accepts_the_unit_score_in_one_click(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    response = post_leaf(client_for(appraiser), "score_accept", s)
    assert response.status_code == 200
    assert response.templates[0].name == "par/appraisal/_leaf.html"
    s.refresh_from_db()
    assert s.round1_points == D("3.50")
    assert f'id="leaf-{s.pk}"' in response.content.decode()


@time_machine.travel(APPRAISAL_DAY)
def test_it_redirects_to_the_page_without_htmx(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    response = client_for(appraiser).post(reverse("par:score_accept", args=[s.pk]), {"version": s.version})
    assert response.status_code == 302
    assert response["Location"].endswith(f"{detail_url(submitted)}#leaf-{s.pk}")


@time_machine.travel(APPRAISAL_DAY)
def test_it_adjusts_a_score_with_a_reason(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    response = post_leaf(client_for(appraiser), "score_appraise", s, points="2,5", reason="Ban hành muộn")
    assert response.status_code == 200
    s.refresh_from_db()
    assert (s.round1_points, s.round1_reason) == (D("2.50"), "Ban hành muộn")


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_different_score_without_a_reason(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    response = post_leaf(client_for(appraiser), "score_appraise", s, points="2", reason="  ")
    assert response.status_code == 400
    body = response.content.decode()
    assert "needs a reason" in body
    assert 'value="2"' in body  # the input is kept
    s.refresh_from_db()
    assert s.round1_points is None


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_bad_points(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    s = score_of(submitted, "1.1")
    for points in ("abc", "9", "-1", ""):
        assert post_leaf(client, "score_appraise", s, points=points, reason="x").status_code == 400
    assert post_leaf(client, "score_appraise", s, points="2", reason="x", version="x").status_code == 400
    assert post_leaf(client, "score_accept", s, version="").status_code == 400
    s.refresh_from_db()
    assert s.round1_points is None


@time_machine.travel(APPRAISAL_DAY)
def test_it_requests_and_withdraws_an_explanation(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    s = score_of(submitted, "1.1")
    assert post_leaf(client, "score_request_explanation", s, note="").status_code == 400
    response = post_leaf(client, "score_request_explanation", s, note="Giải trình ngày ban hành")
    assert response.status_code == 200
    assert "Withdraw the request" in response.content.decode()
    s.refresh_from_db()
    assert s.explanation_requested and s.explanation_request_note == "Giải trình ngày ban hành"
    assert post_leaf(client, "score_request_explanation", s, note="", withdraw="on").status_code == 200
    s.refresh_from_db()
    assert not s.explanation_requested


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_to_appraise_a_criterion_that_does_not_apply(submitted, appraiser) -> None:  # noqa: F811
    s = score_of(submitted, "1.3")
    CriterionExclusion.objects.create(criterion=s.criterion, unit=submitted.unit, reason="Không có")
    response = post_leaf(client_for(appraiser), "score_accept", s)
    assert response.status_code == 400
    assert "does not apply" in response.content.decode()


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_stale_edit_from_a_second_appraiser(submitted, appraiser, appraiser2) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    read_version = s.version
    first = post_leaf(client_for(appraiser), "score_appraise", s, points="3", reason="Thiếu minh chứng một phần")
    assert first.status_code == 200
    second = post_leaf(
        client_for(appraiser2), "score_appraise", s, points="2", reason="Ý kiến khác", version=read_version
    )
    assert second.status_code == 409
    body = second.content.decode()
    assert 'data-testid="conflict"' in body
    assert "3.00" in body and "Thành viên thẩm định" in body  # the current value and who set it
    assert 'value="2"' in body and "Ý kiến khác" in body  # the second appraiser's input is kept
    s.refresh_from_db()
    assert (s.round1_points, s.round1_reason) == (D("3.00"), "Thiếu minh chứng một phần")


POST_ENDPOINTS = ("score_accept", "score_appraise", "score_request_explanation")


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_leaf_actions_to_unit_roles_and_other_methods(submitted, appraiser, focal_a, focal_b) -> None:  # noqa: F811
    s = score_of(submitted, "1.1")
    data = {"points": "1", "reason": "x", "note": "x"}
    for name in POST_ENDPOINTS:
        assert post_leaf(client_for(focal_a), name, s, **data).status_code == 403
        assert post_leaf(client_for(focal_b), name, s, **data).status_code == 404
        assert client_for(appraiser).post(reverse(f"par:{name}", args=[999999]), {"version": 1}).status_code == 404
        assert client_for(appraiser).get(reverse(f"par:{name}", args=[s.pk])).status_code == 405
    url = reverse("par:appraisal_conclude", args=[submitted.pk])
    assert client_for(focal_a).post(url, {"version": submitted.version}).status_code == 403
    assert client_for(focal_b).post(url, {"version": submitted.version}).status_code == 404
    assert client_for(appraiser).get(url).status_code == 405
    assert client_for(appraiser).post(reverse("par:appraisal_conclude", args=[999999])).status_code == 404
    s.refresh_from_db()
    assert s.round1_points is None and not s.explanation_requested


# --- Concluding the rounds ---------------------------------------------------------------------


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_to_conclude_with_unappraised_criteria(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    post_leaf(client, "score_accept", score_of(submitted, "1.1"))
    response = client.post(reverse("par:appraisal_conclude", args=[submitted.pk]), {"version": submitted.version})
    assert response.status_code == 400
    error = response.context["error"]
    assert "1.2" in error and "10.1" in error and "1.1," not in error
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.SUBMITTED


@time_machine.travel(APPRAISAL_DAY)
def test_it_concludes_round_one_into_an_explanation_request(submitted, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    for code in ("1.1", "1.2", "1.3", "2.2", "9.1", "10.1"):
        assert post_leaf(client, "score_accept", score_of(submitted, code)).status_code == 200
    assert post_leaf(client, "score_request_explanation", score_of(submitted, "1.3"), note="Vì sao?").status_code == 200
    response = client.post(reverse("par:appraisal_conclude", args=[submitted.pk]), {"version": submitted.version})
    assert response.status_code == 302
    assert response["Location"] == reverse("par:appraisal_queue")
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.EXPLANATION_REQUESTED
    page = client.get(detail_url(submitted))
    assert page.status_code == 200
    assert not page.context["state"].open  # waiting for the unit
    assert reverse("par:score_accept", args=[score_of(submitted, "1.3").pk]) not in page.content.decode()
    assert post_leaf(client, "score_accept", score_of(submitted, "1.3")).status_code == 400


@time_machine.travel(APPRAISAL_DAY)
def test_it_concludes_round_one_straight_to_appraised_when_nothing_is_flagged(submitted, appraiser) -> None:  # noqa: F811
    appraise_all(submitted, appraiser, flag=())
    response = client_for(appraiser).post(
        reverse("par:appraisal_conclude", args=[submitted.pk]), {"version": submitted.version}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == AssessmentStatus.APPRAISED


@time_machine.travel(APPRAISAL_DAY)
def test_it_refuses_a_stale_conclusion(submitted, appraiser) -> None:  # noqa: F811
    appraise_all(submitted, appraiser, flag=())
    url = reverse("par:appraisal_conclude", args=[submitted.pk])
    assert client_for(appraiser).post(url, {"version": submitted.version + 5}).status_code == 409
    assert client_for(appraiser).post(url, {}).status_code == 400


@time_machine.travel(APPRAISAL_DAY)
def test_it_edits_only_explained_criteria_in_round_two(explained, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    page = client.get(detail_url(explained))
    assert page.context["state"].round == 2
    body = page.content.decode()
    s11, s12 = score_of(explained, "1.1"), score_of(explained, "1.2")
    assert "Ban hành ngày 10/01" in body  # the unit's explanation
    assert reverse("par:score_appraise", args=[s11.pk]) in body
    assert reverse("par:score_appraise", args=[s12.pk]) not in body
    assert reverse("par:score_request_explanation", args=[s11.pk]) not in body
    refused = post_leaf(client, "score_appraise", s12, points="0", reason="x")
    assert refused.status_code == 400
    assert "second round" in refused.content.decode()
    assert post_leaf(client, "score_request_explanation", s11, note="x").status_code == 400
    ok = post_leaf(client, "score_appraise", s11, points="3", reason="Chấp nhận một phần")
    assert ok.status_code == 200
    s11.refresh_from_db()
    assert (s11.round1_points, s11.round2_points) == (D("2.50"), D("3.00"))
    response = client.post(reverse("par:appraisal_conclude", args=[explained.pk]), {"version": explained.version})
    assert response.status_code == 302
    explained.refresh_from_db()
    assert explained.status == AssessmentStatus.APPRAISED
    assert client.get(detail_url(explained)).context["open_leaves"] == 0


@time_machine.travel(AFTER_EXPLANATION)
def test_it_runs_round_two_when_the_unit_did_not_explain_in_time(explanation_requested, appraiser) -> None:  # noqa: F811
    client = client_for(appraiser)
    assessment = explanation_requested
    assert client.get(detail_url(assessment)).context["state"].round == 2
    response = client.post(reverse("par:appraisal_conclude", args=[assessment.pk]), {"version": assessment.version})
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPRAISED
    assert score_of(assessment, "1.1").round2_points == D("2.50")  # the first appraisal stands
