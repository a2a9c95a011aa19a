"""Fix 7: evidence is judged by its content and served under a name built from its title and its
detected type, never under the uploader's file name or extension."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.par.models import Evidence
from apps.par.services.evidence import evidence_upload
from apps.par.tests.test_results_support import small_scenario
from conftest import client_for

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def ole_file(stream_name: str) -> bytes:
    """An OLE compound file that filetype takes for Excel, carrying one named stream."""
    body = bytearray(OLE + b"\x00" * 504)
    body += b"\xfd\xff\xff\xff\x00\x00\x00\x00"  # the sector Excel's matcher looks at
    body += b"\x00" * 1024 + stream_name.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 512
    return bytes(body)


def upload(unit: Any, actor: Any, name: str, content: bytes, title: str = "Quyết định ban hành kế hoạch") -> Evidence:
    return evidence_upload(actor=actor, unit=unit, year=2025, title=title, uploaded=SimpleUploadedFile(name, content))


def test_it_refuses_an_installer_named_like_a_spreadsheet(unit_a: Any, focal_a: Any) -> None:
    with pytest.raises(ValidationError):
        upload(unit_a, focal_a, "bang-tinh.xls", ole_file("\x05SummaryInformation"))
    with pytest.raises(ValidationError):
        upload(unit_a, focal_a, "setup.msi", ole_file("\x05SummaryInformation"))
    assert not Evidence.objects.exists()


def test_it_accepts_an_old_excel_file_whatever_its_name(unit_a: Any, focal_a: Any) -> None:
    doc = upload(unit_a, focal_a, "setup.msi", ole_file("Workbook"))
    assert doc.content_type == "application/vnd.ms-excel"


def test_it_serves_under_the_title_and_the_detected_type(unit_a: Any, unit_b: Any, focal_a: Any) -> None:
    small_scenario(unit_a, unit_b)
    doc = upload(unit_a, focal_a, "setup.msi.exe", PDF, title="Kế hoạch CCHC 2025")
    response = client_for(focal_a).get(reverse("par:evidence_file", args=[doc.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert ".pdf" in disposition
    assert "setup" not in disposition and ".exe" not in disposition and ".msi" not in disposition
