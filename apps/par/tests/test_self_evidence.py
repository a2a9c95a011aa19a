from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Assessment, AssessmentStatus, Evidence, Score
from apps.par.services.evidence import evidence_upload
from apps.par.tests.factories import build_set, group_of, open_period
from conftest import client_for

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path, time_machine) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    time_machine.move_to(datetime(2026, 1, 10, 9, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))


@pytest.fixture
def assessment(unit_a, unit_b, focal_a, head_a, focal_b):  # type: ignore[no-untyped-def]
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group))
    return Assessment.objects.get(period=period, unit=unit_a)


def score(assessment, code) -> Score:  # type: ignore[no-untyped-def]
    return assessment.scores.select_related("criterion", "assessment__period").get(criterion__code=code)


def upload(client, s, name, content, **extra):  # type: ignore[no-untyped-def]
    data = {"title": "Kế hoạch CCHC", "file": SimpleUploadedFile(name, content), "version": s.version, **extra}
    return client.post(reverse("par:score_upload", args=[s.pk]), data, **HX)


def test_it_uploads_and_attaches_a_pdf(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    response = upload(client_for(focal_a), s, "ke-hoach.pdf", PDF)
    assert response.status_code == 200
    doc = Evidence.objects.get()
    assert doc.content_type == "application/pdf" and doc.year == 2025 and doc.unit_id == assessment.unit_id
    assert list(s.evidence.all()) == [doc]
    assert reverse("par:evidence_file", args=[doc.pk]) in response.content.decode()


def test_it_refuses_a_file_whose_content_is_not_what_its_name_says(assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    response = upload(client_for(focal_a), s, "quyet-dinh.pdf", b"MZ\x90\x00 this is a program, not a PDF")
    assert response.status_code == 400
    assert "is not a PDF, Word, Excel or image file" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_refuses_a_file_over_the_limit(settings, assessment, focal_a) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_MAX_BYTES = 1024
    s = score(assessment, "1.1")
    response = upload(client_for(focal_a), s, "big.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "The file is too large" in response.content.decode()
    assert not Evidence.objects.exists()
    plain = client_for(focal_a).post(
        reverse("par:score_upload", args=[s.pk]), {"file": SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)}
    )
    assert plain.status_code == 400 and "The file is too large" in plain.content.decode()


def test_it_attaches_and_detaches_a_library_document(assessment, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    doc = evidence_upload(
        actor=focal_a, unit=unit_a, year=2025, title="QĐ 12", uploaded=SimpleUploadedFile("qd.pdf", PDF)
    )
    client = client_for(focal_a)
    first, second = score(assessment, "1.1"), score(assessment, "2.2")
    for s in (first, second):  # one decision proves several criteria
        page = client.get(reverse("par:assessment_detail", args=[assessment.pk])).content.decode()
        assert f'<option value="{doc.pk}">QĐ 12</option>' in page
        response = client.post(
            reverse("par:score_evidence", args=[s.pk]), {"attach": doc.pk, "version": s.version}, **HX
        )
        assert response.status_code == 200
    assert list(doc.scores.order_by("pk")) == [first, second]
    first.refresh_from_db()
    response = client.post(
        reverse("par:score_evidence", args=[first.pk]), {"detach": doc.pk, "version": first.version}, **HX
    )
    assert response.status_code == 200
    assert list(doc.scores.all()) == [second]


def test_it_refuses_another_units_document(assessment, focal_a, focal_b, unit_b) -> None:  # type: ignore[no-untyped-def]
    theirs = evidence_upload(
        actor=focal_b, unit=unit_b, year=2025, title="B", uploaded=SimpleUploadedFile("b.pdf", PDF)
    )
    s = score(assessment, "1.1")
    response = client_for(focal_a).post(
        reverse("par:score_evidence", args=[s.pk]), {"attach": theirs.pk, "version": s.version}, **HX
    )
    assert response.status_code == 400
    assert not s.evidence.exists()


def test_it_guards_the_evidence_endpoints(assessment, focal_b, secretariat, focal_a) -> None:  # type: ignore[no-untyped-def]
    s = score(assessment, "1.1")
    for name in ("par:score_evidence", "par:score_upload"):
        url = reverse(name, args=[s.pk])
        assert client_for(focal_b).post(url, {"attach": "1"}).status_code == 404
        assert client_for(secretariat).post(url, {"attach": "1"}).status_code == 403
        assert client_for(focal_a).post(reverse(name, args=[s.pk + 999]), {}).status_code == 404
        assert client_for(focal_a).get(url).status_code == 405
    assert upload(client_for(focal_b), s, "x.pdf", PDF).status_code == 404
    assert not Evidence.objects.exists()


def test_it_refuses_evidence_changes_after_submission(assessment, focal_a, unit_a) -> None:  # type: ignore[no-untyped-def]
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.SUBMITTED)
    s = score(assessment, "1.1")
    response = upload(client_for(focal_a), s, "late.pdf", PDF)
    assert response.status_code == 400
    assert "evidence can no longer be changed" in response.content.decode()
    assert not Evidence.objects.exists()  # the upload is rolled back with the refused attach


def test_it_serves_evidence_files_to_those_who_may_see_them(  # type: ignore[no-untyped-def]
    assessment, focal_a, focal_b, secretariat, citizen, unit_a
) -> None:
    pdf = evidence_upload(actor=focal_a, unit=unit_a, year=2025, title="KH", uploaded=SimpleUploadedFile("kh.pdf", PDF))
    png = evidence_upload(actor=focal_a, unit=unit_a, year=2025, title="Ảnh", uploaded=SimpleUploadedFile("a.png", PNG))
    docx_like = Evidence.objects.create(
        unit=unit_a,
        year=2025,
        title="Báo cáo",
        file=pdf.file.name,
        original_name="bao-cao.docx",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=10,
        sha256="0" * 64,
        uploaded_by=focal_a,
    )
    response = client_for(focal_a).get(reverse("par:evidence_file", args=[pdf.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert (
        client_for(focal_a).get(reverse("par:evidence_file", args=[png.pk]))["Content-Disposition"].startswith("inline")
    )
    attached = client_for(focal_a).get(reverse("par:evidence_file", args=[docx_like.pk]))
    assert attached["Content-Disposition"].startswith("attachment")
    assert client_for(secretariat).get(reverse("par:evidence_file", args=[pdf.pk])).status_code == 200
    assert client_for(focal_b).get(reverse("par:evidence_file", args=[pdf.pk])).status_code == 404
    anonymous = citizen.get(reverse("par:evidence_file", args=[pdf.pk]))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("accounts:login"))
    assert client_for(focal_a).get(reverse("par:evidence_file", args=[pdf.pk + 999])).status_code == 404
    assert client_for(focal_a).post(reverse("par:evidence_file", args=[pdf.pk])).status_code == 405
