"""The province's Word templates: download, upload checked for unknown placeholders, used, reset; access."""

import re
from io import BytesIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from apps.core.models import AuditEvent
from apps.onestop.documents import FORMS, check_template
from apps.onestop.documents.defaults import default_template
from apps.onestop.documents.docx_template import TemplateError, render, undeclared_variables
from apps.onestop.models import FormTemplate
from apps.onestop.tests.factories import local, receive
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def edited(form: str, *lines: str) -> bytes:
    doc = Document(BytesIO(default_template(form)))
    for line in lines:
        doc.add_paragraph(line)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def upload(user: Any, form: str, data: bytes, name: str = "mau.docx") -> Any:
    file = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    return client_for(user).post(reverse("onestop:form_template_upload", args=[form]), {"file": file})


@pytest.mark.parametrize("form", sorted(FORMS))
def test_it_ships_templates_that_use_only_known_placeholders(form: str) -> None:
    names = undeclared_variables(default_template(form))
    assert names <= set(FORMS[form].placeholders)
    assert {"superior", "agency", "national_title", "motto"} <= names


def test_it_lists_the_forms_with_their_placeholders(desk: Any) -> None:
    response = client_for(desk).get(reverse("onestop:form_templates"))
    assert response.status_code == 200
    html = response.content.decode()
    for code, spec in FORMS.items():
        assert f'data-testid="form-template-{code}"' in html and spec.title in html
    assert "{{ applicant_name }}" in html


def test_it_downloads_the_template_in_use(desk: Any) -> None:
    response = client_for(desk).get(reverse("onestop:form_template_download", args=["01"]))
    assert response.status_code == 200
    assert "{{ code }}" in "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)


def test_it_refuses_a_template_with_an_unknown_placeholder_and_names_it(desk: Any) -> None:
    response = upload(desk, "03", edited("03", "Kính gửi {{ ho_ten_cu }} và {{ so_cccd }}"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "ho_ten_cu" in html and "so_cccd" in html and "fields that form 03 does not have" in html
    assert not FormTemplate.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"PK not a docx", "not a valid Word document"),
        (b"", "not a valid Word document"),
    ],
)
def test_it_refuses_a_file_that_is_not_word(desk: Any, data: bytes, message: str) -> None:
    response = upload(desk, "01", data)
    assert response.status_code == 400
    assert message in response.content.decode() or "file" in response.content.decode()
    assert not FormTemplate.objects.exists()


def test_it_refuses_forbidden_tags_and_bad_syntax() -> None:
    with pytest.raises(TemplateError, match=re.escape("not allowed: {% load %}. In the text: “{% load static %}”")):
        check_template("03", edited("03", "{% load static %}"))
    with pytest.raises(TemplateError, match=r"syntax error.*In the text: “\{% for x in %\}”"):
        check_template("03", edited("03", "{% for x in %}"))
    with pytest.raises(TemplateError, match=re.escape("not allowed: {% include %}")):
        check_template("03", edited("03", "{% include 'base.html' %}"))
    with pytest.raises(TemplateError, match="filter that is not allowed: safe"):
        check_template("03", edited("03", "{{ reason|safe }}"))
    with pytest.raises(TemplateError, match="filter that is not allowed: safe"):
        check_template("03", edited("03", "{% filter safe %}{{ reason }}{% endfilter %}"))
    with pytest.raises(TemplateError, match=re.escape("not allowed: {% autoescape %}")):
        check_template("03", edited("03", "{% autoescape false %}{{ reason }}{% endautoescape %}"))
    check_template("03", edited("03", "{{ reason|upper }} {% if reason|length > 3 %}x{% endif %}"))
    with pytest.raises(TemplateError, match=re.escape("not allowed: {% debug %}")):
        check_template("03", edited("03", "{% debug %}"))
    with pytest.raises(TemplateError, match="syntax error"):  # Django's filter syntax is not Jinja's
        check_template("03", edited("03", "{{ reason|date:'d/m' }}"))


def test_it_refuses_what_the_sandbox_forbids_with_a_message() -> None:
    with pytest.raises(TemplateError, match="not allowed to: access to attribute '__class__'"):
        check_template("03", edited("03", "{{ reason.__class__.__mro__ }}"))
    with pytest.raises(TemplateError, match="not allowed to: sequence too long"):
        check_template("03", edited("03", "{{ 'x' * 10000000 }}"))
    with pytest.raises(TemplateError, match="value that does not exist"):
        check_template("03", edited("03", "{{ reason.missing.deeper }}"))
    with pytest.raises(TemplateError, match="cannot be filled: division by zero"):
        check_template("03", edited("03", "{{ 1 / 0 }}"))


def test_it_renders_escaped_text_line_breaks_loops_and_missing_names_as_empty() -> None:
    data = edited(
        "03",
        "A: {{ reason }}|{{ nothing }}|",
        "{% for w in words %}{{ loop.index }}.{{ w }} {% endfor %}",
    )
    word = Document(
        BytesIO(render(data, {"reason": 'Tờ <b>khai</b> & "ảnh"\r\ndòng 2\x0b\x00', "words": ["x", "<y>"]}))
    )
    texts = [p.text for p in word.paragraphs]
    assert 'A: Tờ <b>khai</b> & "ảnh"\ndòng 2||' in texts  # python-docx reads <w:br/> as "\n"
    assert "1.x 2.<y> " in texts
    assert "<w:br/>" in word.paragraphs[texts.index('A: Tờ <b>khai</b> & "ảnh"\ndòng 2||')]._p.xml


def test_it_refuses_a_large_file_and_a_wrong_name(desk: Any, settings: Any) -> None:
    from apps.onestop.services import templates

    big = b"0" * (templates.MAX_TEMPLATE_BYTES + 1)
    assert "MB" in upload(desk, "01", big).content.decode()
    assert upload(desk, "01", default_template("01"), name="mau.doc").status_code == 400


def test_it_uses_an_uploaded_template_and_audits_it(desk: Any, office: Any, procedure: Any) -> None:
    response = upload(desk, "03", edited("03", "Mẫu của tỉnh: {{ code }} / {{ reason }}"))
    assert response.status_code == 302
    template = FormTemplate.objects.get(is_active=True)
    assert template.form == "03" and template.uploaded_by == desk
    assert AuditEvent.objects.filter(action="onestop.form_template.upload").count() == 1
    from apps.onestop.services.dossiers import dossier_refuse

    d = receive(desk, office, procedure, at=local(2026, 2, 13, 9, 0))
    d = dossier_refuse(actor=desk, dossier=d, version=d.version, reason="Sai thẩm quyền", at=local(2026, 2, 13, 10, 0))
    word = client_for(desk).get(reverse("onestop:form_docx", args=[d.pk, "03"])).content
    texts = [p.text for p in Document(BytesIO(word)).paragraphs]
    assert f"Mẫu của tỉnh: {d.code} / Sai thẩm quyền" in texts
    # a second upload replaces it; a reset goes back to the shipped one
    assert upload(desk, "03", edited("03", "Lần hai {{ code }}")).status_code == 302
    assert FormTemplate.objects.filter(is_active=True).count() == 1
    assert client_for(desk).post(reverse("onestop:form_template_reset", args=["03"])).status_code == 302
    assert not FormTemplate.objects.filter(is_active=True).exists()
    assert AuditEvent.objects.filter(action="onestop.form_template.reset").count() == 1
    word = client_for(desk).get(reverse("onestop:form_docx", args=[d.pk, "03"])).content
    assert not any("Lần hai" in p.text for p in Document(BytesIO(word)).paragraphs)


def test_it_repeats_table_rows_of_an_uploaded_template(desk: Any, office: Any, procedure: Any) -> None:
    doc = Document(BytesIO(default_template("01")))
    table = doc.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for c in components %}"
    table.cell(1, 0).text = "{{ c.name }}"
    table.cell(1, 1).text = "{{ c.quantity }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    out = BytesIO()
    doc.save(out)
    assert upload(desk, "01", out.getvalue()).status_code == 302
    d = receive(
        desk,
        office,
        procedure,
        documents=[
            {"name": "Giấy A", "kind": "original", "quantity": 1},
            {"name": "Giấy B", "kind": "copy", "quantity": 3},
        ],
    )
    word = Document(BytesIO(client_for(desk).get(reverse("onestop:form_docx", args=[d.pk, "01"])).content))
    last = word.tables[-1]
    assert [[c.text for c in r.cells] for r in last.rows] == [["Giấy A", "1"], ["Giấy B", "3"]]


def test_it_keeps_templates_to_catalogue_managers(clerk_a: Any, focal_a: Any) -> None:
    for user in (clerk_a, focal_a):
        client = client_for(user)
        assert client.get(reverse("onestop:form_templates")).status_code == 403
        assert client.get(reverse("onestop:form_template_download", args=["01"])).status_code == 403
        assert upload(user, "01", default_template("01")).status_code == 403
        assert client.post(reverse("onestop:form_template_reset", args=["01"])).status_code == 403
    assert not FormTemplate.objects.exists()


def test_it_answers_404_for_an_unknown_form_and_405_for_the_wrong_method(desk: Any) -> None:
    client = client_for(desk)
    assert upload(desk, "09", default_template("01")).status_code == 404
    assert client.get(reverse("onestop:form_template_download", args=["09"])).status_code == 404
    assert client.post(reverse("onestop:form_template_reset", args=["09"])).status_code == 404
    assert client.get(reverse("onestop:form_template_upload", args=["01"])).status_code == 405
    assert client.get(reverse("onestop:form_template_reset", args=["01"])).status_code == 405
    assert client.post(reverse("onestop:form_templates")).status_code == 405
    assert client.post(reverse("onestop:form_template_download", args=["01"])).status_code == 405


def test_it_refuses_a_template_whose_tags_cut_through_paragraphs(desk: Any) -> None:
    doc = Document(BytesIO(default_template("03")))
    doc.add_paragraph("{% if reason %}Lý do:")
    doc.add_table(rows=1, cols=1).cell(0, 0).text = "{{ reason }}{% endif %}"
    out = BytesIO()
    doc.save(out)
    response = upload(desk, "03", out.getvalue())
    assert response.status_code == 400
    assert "invalid Word document" in response.content.decode()
    assert not FormTemplate.objects.exists()


def test_it_prints_with_the_shipped_template_when_the_uploaded_file_is_gone(
    desk: Any, office: Any, procedure: Any
) -> None:
    assert upload(desk, "01", edited("01", "Tỉnh {{ code }}")).status_code == 302
    template = FormTemplate.objects.get()
    template.file.storage.delete(template.file.name)
    d = receive(desk, office, procedure)
    response = client_for(desk).get(reverse("onestop:form_docx", args=[d.pk, "01"]))
    assert response.status_code == 200
    assert d.code in "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)


def test_it_says_why_a_template_is_refused_in_vietnamese() -> None:
    from django.utils import translation

    with (
        translation.override("vi"),
        pytest.raises(TemplateError, match=re.escape("Mẫu dùng thẻ không được phép: {% include %}")),
    ):
        check_template("03", edited("03", "{% include 'x' %}"))
    with (
        translation.override("vi"),
        pytest.raises(TemplateError, match="Mẫu dùng trường không có trong mẫu số 03: so_cccd"),
    ):
        check_template("03", edited("03", "{{ so_cccd }}"))
