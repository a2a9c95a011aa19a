import io
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from apps.par import excel_criteria as excel
from apps.par.models import CriteriaSet, Criterion, CriterionExclusion
from apps.par.services import criteria as svc
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def group(unit_a, unit_b):  # type: ignore[no-untyped-def]
    return group_of(unit_a, unit_b)


@pytest.fixture
def small_set(group):  # type: ignore[no-untyped-def]
    return build_set(group)


def leaf_form(**extra: Any) -> dict[str, Any]:
    data = {
        "code": "1.4",
        "name": "Tự kiểm tra",
        "max_points": "2",
        "method_type": "manual",
        "step": "0.5",
        "tiers": "",
        "full_at": "",
        "per_occurrence": "",
        "floor": "0",
        "metric": "",
        "metric_then": "",
        "guidance": "Báo cáo kết quả tự kiểm tra.",
        "kind": "normal",
        "sort_order": "",
    }
    data.update(extra)
    return data


def change_requests(criteria_set: CriteriaSet, unit_id: int) -> list[tuple[str, str, dict[str, Any]]]:
    leaf = criteria_set.nodes.get(code="1.1")
    exclusion = CriterionExclusion.objects.create(criterion=leaf, unit_id=unit_id, reason="Không áp dụng")
    pk = criteria_set.pk
    return [
        ("get", reverse("par:criteria_create"), {}),
        ("post", reverse("par:criteria_create"), {"year": "2030", "group": criteria_set.group_id, "name": "X"}),
        ("get", reverse("par:criteria_edit", args=[pk]), {}),
        ("post", reverse("par:criteria_edit", args=[pk]), {"name": "X", "version": "1"}),
        ("get", reverse("par:criterion_add", args=[pk]), {}),
        ("post", reverse("par:criterion_add", args=[pk]) + f"?parent={leaf.parent_id}", leaf_form()),
        ("get", reverse("par:criterion_edit", args=[leaf.pk]), {}),
        ("post", reverse("par:criterion_edit", args=[leaf.pk]), leaf_form(code="1.1", version="1")),
        ("post", reverse("par:criterion_delete", args=[leaf.pk]), {}),
        ("post", reverse("par:criteria_clone", args=[pk]), {"year": "2026"}),
        ("get", reverse("par:criteria_import"), {}),
        ("post", reverse("par:criteria_import"), {}),
        ("post", reverse("par:criteria_map", args=[pk]), {}),
        ("post", reverse("par:criteria_exclusions", args=[pk]), {"unit": unit_id, "criterion": leaf.pk, "reason": "x"}),
        ("post", reverse("par:criterion_exclusion_remove", args=[exclusion.pk]), {}),
    ]


def test_it_forbids_every_change_to_a_unit_focal_point(small_set, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(focal_a)
    before = list(Criterion.objects.values_list("pk", "code", "name", "version"))
    for method, url, data in change_requests(small_set, unit_a.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
    assert list(Criterion.objects.values_list("pk", "code", "name", "version")) == before
    assert CriteriaSet.objects.count() == 1 and CriterionExclusion.objects.count() == 1


def test_it_sends_anonymous_visitors_to_sign_in(small_set, citizen, unit_a) -> None:  # type: ignore[no-untyped-def]
    urls = [reverse("par:criteria_list"), reverse("par:criteria_detail", args=[small_set.pk])]
    urls += [url for _method, url, _data in change_requests(small_set, unit_a.pk)]
    for url in urls:
        response = citizen.post(url) if "xoa" in url or "nhan-ban" in url else citizen.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_it_lets_every_signed_in_user_read_a_set(small_set, focal_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(focal_a)
    listing = client.get(reverse("par:criteria_list")).content.decode()
    assert 'data-nav="par:criteria_list"' in listing and small_set.name in listing
    page = client.get(reverse("par:criteria_detail", args=[small_set.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Kế hoạch CCHC năm" in html and "Tiers: ≥100 % → 100 %, ≥80 % → 50 %" in html
    assert reverse("par:criterion_delete", args=[small_set.nodes.get(code="1.1").pk]) not in html
    assert client.get(reverse("par:criteria_export", args=[small_set.pk])).status_code == 200
    assert client.get(reverse("par:criteria_map", args=[small_set.pk])).status_code == 200
    assert client.get(reverse("par:criteria_exclusions", args=[small_set.pk])).status_code == 200


def test_it_answers_404_for_missing_objects(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    missing = 999999
    for url in (
        reverse("par:criteria_detail", args=[missing]),
        reverse("par:criteria_edit", args=[missing]),
        reverse("par:criteria_export", args=[missing]),
        reverse("par:criteria_map", args=[missing]),
        reverse("par:criteria_exclusions", args=[missing]),
        reverse("par:criterion_add", args=[missing]),
        reverse("par:criterion_edit", args=[missing]),
        reverse("par:criterion_add", args=[small_set.pk]) + f"?parent={missing}",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("par:criterion_delete", args=[missing]),
        reverse("par:criteria_clone", args=[missing]),
        reverse("par:criterion_exclusion_remove", args=[missing]),
    ):
        assert client.post(url).status_code == 404, url
    # a parent from another set is missing in this one
    other = build_set(group_of(code="xa-phuong"), year=2025)
    url = reverse("par:criterion_add", args=[small_set.pk]) + f"?parent={other.nodes.first().pk}"
    assert client.get(url).status_code == 404


def test_it_refuses_get_on_post_only_urls(small_set, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    leaf = small_set.nodes.get(code="1.1")
    exclusion = CriterionExclusion.objects.create(criterion=leaf, unit=unit_a, reason="Không áp dụng")
    for url in (
        reverse("par:criterion_delete", args=[leaf.pk]),
        reverse("par:criteria_clone", args=[small_set.pk]),
        reverse("par:criterion_exclusion_remove", args=[exclusion.pk]),
    ):
        assert client.get(url).status_code == 405, url
    assert client.put(reverse("par:criteria_detail", args=[small_set.pk])).status_code == 405
    assert client.post(reverse("par:criteria_export", args=[small_set.pk])).status_code == 405


def test_it_builds_a_set_through_the_pages(group, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    response = client.post(
        reverse("par:criteria_create"), {"year": "2026", "group": group.pk, "name": "Bộ tiêu chí sở 2026"}
    )
    criteria_set = CriteriaSet.objects.get(year=2026)
    assert response.status_code == 302
    add = reverse("par:criterion_add", args=[criteria_set.pk])
    area_form = leaf_form(code="1", name="Công tác chỉ đạo", max_points="10")
    assert client.post(add, area_form).status_code == 302
    area = criteria_set.nodes.get(code="1")
    tiers = leaf_form(code="1.1", method_type="tiers", tiers="1;1\n0,8;0,5", evidence_required="on")
    assert client.post(f"{add}?parent={area.pk}", tiers).status_code == 302
    leaf = criteria_set.nodes.get(code="1.1")
    assert leaf.parent == area and leaf.evidence_required
    assert leaf.method == {
        "type": "tiers",
        "tiers": [{"min_ratio": "1", "share": "1"}, {"min_ratio": "0.8", "share": "0.5"}],
        "input": "percent",  # the unit the rate is typed in, explicit
    }
    metric = leaf_form(code="1.2", method_type="metric", metric="directives.on_time_rate", metric_then="proportional")
    metric["full_at"] = "0.9"
    assert client.post(f"{add}?parent={area.pk}", metric).status_code == 302
    assert criteria_set.nodes.get(code="1.2").method == {
        "type": "metric",
        "metric": "directives.on_time_rate",
        "then": {"type": "proportional", "full_at": "0.9"},
    }
    detail = client.get(reverse("par:criteria_detail", args=[criteria_set.pk])).content.decode()
    assert "Tiers: ≥100 % → 100 %, ≥80 % → 50 %" in detail
    assert "Proportional, full points at 90 %" in detail

    # bad input is a 400 with the reason, nothing saved
    bad = client.post(f"{add}?parent={area.pk}", leaf_form(code="1.3", method_type="tiers", tiers="1;0.5\n0.8;1"))
    assert bad.status_code == 400 and "a higher tier may not give fewer points" in bad.content.decode()
    bad = client.post(f"{add}?parent={area.pk}", leaf_form(code="1.1"))
    assert bad.status_code == 400 and "already used" in bad.content.decode()
    bad = client.post(f"{add}?parent={area.pk}", leaf_form(code="1.3", method_type="deduction"))
    assert bad.status_code == 400 and "occurrence takes off" in bad.content.decode()
    assert criteria_set.nodes.count() == 3

    edit = reverse("par:criterion_edit", args=[leaf.pk])
    form = client.get(edit)
    assert form.status_code == 200 and "1;1\n0.8;0.5" in form.content.decode()
    changed = leaf_form(code="1.1", name="Tên mới", method_type="done", version=str(leaf.version))
    changed["parent"] = str(area.pk)
    assert client.post(edit, changed).status_code == 302
    leaf.refresh_from_db()
    assert leaf.name == "Tên mới" and leaf.method == {"type": "done"}
    area_edit = client.get(reverse("par:criterion_edit", args=[area.pk])).content.decode()
    assert "Sum of sub-criteria, capped at the maximum." in area_edit


def test_it_answers_409_to_a_stale_edit(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    leaf = small_set.nodes.get(code="1.1")
    svc.criterion_update(actor=secretariat, criterion=leaf, version=leaf.version, name="Sửa trước")
    stale = leaf_form(code="1.1", name="Sửa sau", version=str(leaf.version), parent=str(leaf.parent_id))
    response = client.post(reverse("par:criterion_edit", args=[leaf.pk]), stale)
    assert response.status_code == 409
    assert "Someone else changed this" in response.content.decode()
    assert small_set.nodes.get(code="1.1").name == "Sửa trước"
    stale_set = client.post(reverse("par:criteria_edit", args=[small_set.pk]), {"name": "A", "version": "1"})
    assert stale_set.status_code == 302
    again = client.post(reverse("par:criteria_edit", args=[small_set.pk]), {"name": "B", "version": "1"})
    assert again.status_code == 409


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_explains_why_a_scored_set_refuses_a_change(group, small_set, secretariat, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    from apps.par.services import assessments as assessment_svc

    period = open_period(group, small_set, actor=secretariat)
    score = (
        period.assessments.get(unit=unit_a)
        .scores.select_related("criterion", "assessment__period")
        .get(criterion__code="1.1")
    )
    assessment_svc.score_self_update(actor=focal_a, score=score, version=score.version, value="2")
    client = client_for(secretariat)
    leaf = small_set.nodes.get(code="1.2")
    response = client.post(reverse("par:criterion_delete", args=[leaf.pk]))
    assert response.status_code == 400
    assert "already entered scores" in response.content.decode()
    assert small_set.nodes.filter(pk=leaf.pk).exists()
    page = client.get(reverse("par:criteria_detail", args=[small_set.pk])).content.decode()
    assert "Units have entered scores with this set" in page


def test_it_clones_exports_and_imports_through_the_pages(group, small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    response = client.post(reverse("par:criteria_clone", args=[small_set.pk]), {"year": "2026"})
    clone = CriteriaSet.objects.get(year=2026)
    assert response.status_code == 302 and response["Location"] == reverse("par:criteria_detail", args=[clone.pk])
    assert clone.nodes.filter(predecessor__isnull=False).count() == small_set.nodes.count()
    again = client.post(reverse("par:criteria_clone", args=[small_set.pk]), {"year": "2026"})
    assert again.status_code == 400 and "already has a criteria set for 2026" in again.content.decode()
    assert client.post(reverse("par:criteria_clone", args=[small_set.pk]), {"year": "abc"}).status_code == 400

    export = client.get(reverse("par:criteria_export", args=[clone.pk]))
    assert export["Content-Type"] == excel.XLSX_MIME
    assert "attachment" in export["Content-Disposition"]
    content = export.content
    assert load_workbook(io.BytesIO(content)).worksheets[0].max_row == clone.nodes.count() + 1

    imported = client.post(
        reverse("par:criteria_import"),
        {
            "year": "2027",
            "group": group.pk,
            "name": "Bộ tiêu chí 2027",
            "file": SimpleUploadedFile("bo.xlsx", content, content_type=excel.XLSX_MIME),
        },
    )
    assert imported.status_code == 302
    new = CriteriaSet.objects.get(year=2027)
    assert new.nodes.count() == clone.nodes.count()
    # 2027's predecessors resolve against 2026: the file carried 2025 codes, which 2026 also has
    assert new.nodes.filter(predecessor__criteria_set=clone).count() == clone.nodes.count()

    bad = client.post(
        reverse("par:criteria_import"),
        {
            "year": "2028",
            "group": group.pk,
            "name": "Hỏng",
            "file": SimpleUploadedFile("bo.xlsx", PDF, content_type=excel.XLSX_MIME),
        },
    )
    assert bad.status_code == 400 and "is not an Excel workbook" in bad.content.decode()
    assert not CriteriaSet.objects.filter(year=2028).exists()  # the new set is not left behind

    empty = svc.criteria_set_create(actor=secretariat, year=2029, group=group, name="Rỗng")
    assert str(empty.pk) in client.get(reverse("par:criteria_import") + f"?into={empty.pk}").content.decode()
    into = client.post(
        reverse("par:criteria_import"),
        {"target": empty.pk, "file": SimpleUploadedFile("bo.xlsx", content, content_type=excel.XLSX_MIME)},
    )
    assert into.status_code == 302 and empty.nodes.count() == clone.nodes.count()
    missing = client.post(reverse("par:criteria_import"), {"year": "2030"})
    assert missing.status_code == 400


def test_it_maps_last_years_criteria_in_one_save(group, small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    clone = svc.criteria_set_clone(actor=secretariat, source=small_set, year=2026)
    client = client_for(secretariat)
    url = reverse("par:criteria_map", args=[clone.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {f"pred-{n.pk}": str(n.predecessor_id) for n in clone.nodes.all()}
    target = clone.nodes.get(code="1.1")
    data[f"pred-{target.pk}"] = str(small_set.nodes.get(code="1.2").pk)
    data[f"pred-{clone.nodes.get(code='1.2').pk}"] = ""
    assert client.post(url, data).status_code == 302
    assert clone.nodes.get(code="1.1").predecessor.code == "1.2"
    assert clone.nodes.get(code="1.2").predecessor is None
    data[f"pred-{target.pk}"] = str(target.pk)  # this year's node is not last year's
    response = client.post(url, data)
    assert response.status_code == 400 and "1.1" in response.content.decode()


@time_machine.travel(datetime(2026, 1, 10, 9, tzinfo=TZ))
def test_it_marks_and_unmarks_not_applicable_criteria(group, small_set, secretariat, unit_a, commune) -> None:  # type: ignore[no-untyped-def]
    open_period(group, small_set, actor=secretariat)
    client = client_for(secretariat)
    url = reverse("par:criteria_exclusions", args=[small_set.pk])
    leaf = small_set.nodes.get(code="1.3")
    response = client.post(url, {"unit": unit_a.pk, "criterion": leaf.pk, "reason": "Không có đơn vị trực thuộc"})
    assert response.status_code == 302
    exclusion = CriterionExclusion.objects.get()
    page = client.get(f"{url}?unit={unit_a.pk}").content.decode()
    assert "Không có đơn vị trực thuộc" in page
    assert client.post(url, {"unit": unit_a.pk, "criterion": leaf.pk, "reason": ""}).status_code == 400
    assert client.post(url, {"unit": commune.pk, "criterion": leaf.pk, "reason": "x"}).status_code == 400
    remove = client.post(reverse("par:criterion_exclusion_remove", args=[exclusion.pk]))
    assert remove.status_code == 302 and not CriterionExclusion.objects.exists()


def test_it_shows_no_exclusions_for_a_unit_filter_too_large_to_be_an_id(small_set, secretariat, unit_a) -> None:  # type: ignore[no-untyped-def]
    CriterionExclusion.objects.create(criterion=small_set.nodes.get(code="1.1"), unit=unit_a, reason="Sáp nhập")
    url = reverse("par:criteria_exclusions", args=[small_set.pk])
    response = client_for(secretariat).get(url, {"unit": "9" * 30})
    assert response.status_code == 200
    assert "Sáp nhập" not in response.content.decode()


def _big_spec(areas: int, per_area: int) -> list[tuple[Any, ...]]:
    spec: list[tuple[Any, ...]] = []
    for a in range(1, areas + 1):
        spec.append((str(a), f"Lĩnh vực {a}", 10, None, False, "normal"))
        for c in range(1, per_area + 1):
            spec.append((f"{a}.{c}", f"Tiêu chí {a}.{c}", 1, {"type": "done"}, c % 2 == 0, "normal"))
    return spec


def test_it_shows_the_tree_in_a_fixed_number_of_queries(secretariat, unit_a, unit_b) -> None:  # type: ignore[no-untyped-def]
    small = build_set(group_of(unit_a, code="nhom-nho"), spec=_big_spec(2, 2))
    large = build_set(group_of(unit_b, code="nhom-lon"), spec=_big_spec(8, 12))
    client = client_for(secretariat)
    client.get(reverse("par:criteria_detail", args=[small.pk]))  # warm the session and caches
    counts = []
    for criteria_set in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("par:criteria_detail", args=[criteria_set.pk]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[1] <= 12
    list_counts = []
    for year in (2026, 2027, 2028, 2029):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("par:criteria_list")).status_code == 200
        list_counts.append(len(queries))
        svc.criteria_set_clone(actor=secretariat, source=large, year=year)
    assert len(set(list_counts)) == 1 and list_counts[0] <= 10


def test_it_refuses_an_edit_that_carries_no_version(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    client = client_for(secretariat)
    leaf = small_set.nodes.get(code="1.1")
    response = client.post(reverse("par:criterion_edit", args=[leaf.pk]), leaf_form(code="1.1", name="Không phiên bản"))
    assert response.status_code == 400
    assert small_set.nodes.get(code="1.1").name != "Không phiên bản"
    response = client.post(reverse("par:criteria_edit", args=[small_set.pk]), {"name": "Không phiên bản"})
    assert response.status_code == 400
    small_set.refresh_from_db()
    assert small_set.name != "Không phiên bản"


def test_it_shows_a_refused_button_on_the_shared_refusal_page(small_set, secretariat) -> None:  # type: ignore[no-untyped-def]
    response = client_for(secretariat).post(reverse("par:criteria_clone", args=[small_set.pk]), {"year": "1900"})
    assert response.status_code == 400
    assert response.templates[0].name == "includes/refused.html"
    assert reverse("par:criteria_detail", args=[small_set.pk]) in response.content.decode()
