"""Forms 01-06 of a dossier: the print page and the Word file hold the right code and dates."""

from datetime import date
from io import BytesIO
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from apps.core import hooks
from apps.onestop.services.dossiers import (
    dossier_apologise,
    dossier_refuse,
    dossier_request_supplement,
    dossier_resolve,
    dossier_stop,
    dossier_transfer,
)
from apps.onestop.tests.factories import local, receive
from conftest import client_for

pytestmark = pytest.mark.django_db

NAME = 'Trần <b>Thị</b> & "Bình" =SUM(A1) {{ code }}'


def docx_text(content: bytes) -> str:
    doc = Document(BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def page(user: Any, dossier: Any, form: str, kind: str = "in") -> Any:
    name = "onestop:form_print" if kind == "in" else "onestop:form_docx"
    return client_for(user).get(reverse(name, args=[dossier.pk, form]))


@pytest.fixture
def dossier(desk: Any, office: Any, procedure: Any) -> Any:
    return receive(
        desk,
        office,
        procedure,
        at=local(2026, 2, 13, 14, 59),
        applicant_name=NAME,
        applicant_address="Tổ 5, phường Minh Xuân",
        documents=[{"name": "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "kind": "original", "quantity": 1}],
    )


def test_it_prints_form_01_with_code_dates_qr_and_two_copies(desk: Any, dossier: Any) -> None:
    response = page(desk, dossier, "01")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(dossier.code) >= 2
    assert "14 giờ 59 phút, ngày 13/02/2026" in html
    assert dossier.due_date.isoformat() == "2026-03-06"
    assert 'ngày <strong data-testid="appointment-date">06/03/2026</strong>' in html
    assert "Liên: Lưu" in html and "Liên: Giao khách hàng" in html
    assert "Tuyên Quang, ngày 13 tháng 02 năm 2026" in html
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html
    assert 'src="data:image/png;base64,' in html
    assert "/tra-cuu-ho-so/?ma=" + dossier.code in html
    assert "<b>Thị</b>" not in html and "&lt;b&gt;Thị&lt;/b&gt;" in html
    assert "<script>" not in html.split("</main>")[0].split("<main")[1]
    assert "data-onestop-print" in html and "onestop-print.js" in html


def test_it_writes_form_01_as_word_with_user_text_as_text_and_a_qr_picture(desk: Any, dossier: Any) -> None:
    response = page(desk, dossier, "01", "word")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="giay-tiep-nhan-')
    text = docx_text(response.content)
    assert dossier.code in text
    assert "14 giờ 59 phút, ngày 13/02/2026" in text
    assert "ngày 06/03/2026" in text
    assert text.count(NAME) >= 2  # user text stays text: no markup, no formula, no template tag
    assert "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp" in text
    doc = Document(BytesIO(response.content))
    assert len(doc.inline_shapes) == 2  # one QR per copy
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_it_prints_the_receipt_slots_of_other_modules(desk: Any, dossier: Any) -> None:
    seen = {}

    def render(**kwargs: Any) -> dict[str, str]:
        seen.update(kwargs)
        return {"title": "Khảo sát sự hài lòng", "text": "Mời ông/bà đánh giá", "url": "/khao-sat/abc/"}

    with hooks.isolated(discover=True):
        hooks.register(hooks.RECEIPT_SLOTS, hooks.ReceiptSlot("surveys.receipt", "onestop.form01", render))
        hooks.register(hooks.RECEIPT_SLOTS, hooks.ReceiptSlot("other.doc", "other.document", render))
        html = page(desk, dossier, "01").content.decode()
        word = page(desk, dossier, "01", "word").content
    assert seen["dossier_code"] == dossier.code and seen["unit_id"] == dossier.receiving_unit_id
    assert seen["procedure_code"] == dossier.procedure.code and seen["received_at"] == dossier.received_at
    assert html.count('data-testid="receipt-slot"') == 2  # once per copy, the other document's slot not
    assert "http://127.0.0.1:8000/khao-sat/abc/" in html or "/khao-sat/abc/" in html
    assert "Khảo sát sự hài lòng" in docx_text(word)
    assert len(Document(BytesIO(word)).inline_shapes) == 4


@pytest.mark.parametrize("form", ["02", "03", "04", "05"])
def test_it_answers_404_when_the_dossier_has_no_such_event(desk: Any, dossier: Any, form: str) -> None:
    assert page(desk, dossier, form).status_code == 404
    assert page(desk, dossier, form, "word").status_code == 404


def test_it_answers_404_for_an_unknown_form(desk: Any, dossier: Any) -> None:
    assert page(desk, dossier, "09").status_code == 404
    assert page(desk, dossier, "07").status_code == 404


def test_it_prints_form_02_from_the_last_supplement_request(desk: Any, dossier: Any) -> None:
    d = dossier_transfer(actor=desk, dossier=dossier, version=dossier.version, at=local(2026, 2, 16, 9, 0))
    d = dossier_request_supplement(
        actor=desk,
        dossier=d,
        version=d.version,
        reason="Thiếu bản sao căn cước",
        items=[{"name": "Bản sao căn cước", "kind": "certified_copy", "quantity": 2}],
        at=local(2026, 2, 17, 10, 0),
    )
    html = page(desk, d, "02").content.decode()
    assert d.code in html and "Thiếu bản sao căn cước" in html and "17/02/2026" in html
    text = docx_text(page(desk, d, "02", "word").content)
    assert "Bản sao căn cước" in text and "(lần 1)" in text and "Thiếu bản sao căn cước" in text


def test_it_prints_form_03_with_the_refusal_reason(desk: Any, dossier: Any) -> None:
    d = dossier_refuse(
        actor=desk,
        dossier=dossier,
        version=dossier.version,
        reason="Không thuộc thẩm quyền",
        at=local(2026, 2, 13, 16, 0),
    )
    html = page(desk, d, "03").content.decode()
    assert "Không thuộc thẩm quyền" in html and d.code in html and "13/02/2026" in html
    assert "Không thuộc thẩm quyền" in docx_text(page(desk, d, "03", "word").content)


def test_it_prints_form_04_with_both_dates(desk: Any, clerk_a: Any, dossier: Any) -> None:
    d = dossier_transfer(actor=desk, dossier=dossier, version=dossier.version, at=local(2026, 2, 16, 9, 0))
    d = dossier_apologise(
        actor=clerk_a,
        dossier=d,
        version=d.version,
        reason="Chờ xác minh",
        new_date=date(2026, 3, 13),
        at=local(2026, 3, 2, 9, 0),
    )
    html = page(clerk_a, d, "04").content.decode()
    assert '"previous-date">06/03/2026<' in html and '"new-date">13/03/2026<' in html
    text = docx_text(page(clerk_a, d, "04", "word").content)
    assert "06/03/2026" in text and "13/03/2026" in text and "Chờ xác minh" in text and d.code in text
    assert "SỞ TƯ PHÁP" in text  # the agency that apologises heads the letter


def test_it_prints_form_05_with_the_stop_reason(desk: Any, clerk_a: Any, dossier: Any) -> None:
    d = dossier_transfer(actor=desk, dossier=dossier, version=dossier.version, at=local(2026, 2, 16, 9, 0))
    d = dossier_stop(actor=clerk_a, dossier=d, version=d.version, reason="Có tranh chấp", at=local(2026, 2, 18, 9, 0))
    html = page(clerk_a, d, "05").content.decode()
    assert "Có tranh chấp" in html and '"issued-date">18/02/2026<' in html
    assert "Có tranh chấp" in docx_text(page(clerk_a, d, "05", "word").content)


def test_it_prints_form_06_with_each_handover_and_its_timing(
    desk: Any, clerk_a: Any, office: Any, unit_a: Any, unit_b: Any
) -> None:
    from apps.onestop.tests.factories import make_procedure

    procedure = make_procedure(agency=unit_a, steps=[(unit_a, 3), (unit_b, 2)])
    d = receive(desk, office, procedure, at=local(2026, 2, 13, 9, 0))
    d = dossier_transfer(actor=desk, dossier=d, version=d.version, at=local(2026, 2, 16, 9, 0))
    d = dossier_transfer(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 2, 17, 9, 0))
    d = dossier_resolve(actor=clerk_a, dossier=d, version=d.version, at=local(2026, 2, 26, 9, 0))
    html = page(desk, d, "06").content.decode()
    assert html.count('data-testid="handover-row"') == 3
    assert "Trước hạn" in html and "Quá hạn" in html
    assert "09 giờ 00 phút, ngày 16/02/2026" in html
    text = docx_text(page(desk, d, "06", "word").content)
    assert "Sở Y tế" in text and "Quá hạn" in text and "09 giờ 00 phút, ngày 17/02/2026" in text


def test_it_keeps_line_breaks_and_drops_characters_xml_cannot_hold(desk: Any, dossier: Any) -> None:
    d = dossier_refuse(
        actor=desk, dossier=dossier, version=dossier.version, reason="Thiếu giấy tờ:\n- tờ khai\x0b\n- ảnh 4x6"
    )
    response = page(desk, d, "03", "word")
    assert response.status_code == 200
    assert "Lý do: Thiếu giấy tờ:\n- tờ khai\n- ảnh 4x6" in docx_text(response.content)
    assert "Thiếu giấy tờ:<br>- tờ khai" in page(desk, d, "03").content.decode()
