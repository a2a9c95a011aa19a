"""The standard forms 01-07 of Circular 03/2025/TT-VPCP (Appendix I): each form's context, its
placeholders (what a province's Word template may use), the shipped template and the Word file.

(Named `documents`, not `forms`: `forms` is Django's word for input forms.)
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from apps.onestop.documents import contexts
from apps.onestop.documents.common import qr_png
from apps.onestop.documents.contexts import FormUnavailable
from apps.onestop.documents.docx_template import Image, TemplateError, render, undeclared_variables

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
QR_MM = 26
SLOT_QR_MM = 20

HEADER = {
    "superior": "Cơ quan cấp trên (dòng 1 bên trái)",
    "agency": "Cơ quan, bộ phận lập phiếu (chữ in hoa)",
    "national_title": "Quốc hiệu",
    "motto": "Tiêu ngữ",
    "place_date": "Địa danh, ngày tháng năm",
}
DOSSIER = {
    "code": "Mã hồ sơ",
    "applicant_name": "Tên tổ chức, cá nhân",
    "applicant_address": "Địa chỉ",
    "applicant_phone": "Số điện thoại",
    "applicant_email": "Thư điện tử",
    "request": "Nội dung yêu cầu (tên thủ tục)",
    "procedure_code": "Mã thủ tục",
    "received_date": "Ngày nhận (dd/mm/yyyy)",
    "received_time": "Giờ, phút, ngày nhận",
    "appointment_date": "Ngày hẹn trả",
    "receiving_unit": "Nơi tiếp nhận",
    "resolving_unit": "Cơ quan giải quyết",
}
CLOSING = {
    "reason": "Lý do",
    "officer_name": "Người lập phiếu",
    "issued_date": "Ngày lập",
    "issuing_unit": "Cơ quan lập phiếu",
}


@dataclass(frozen=True)
class FormSpec:
    code: str
    title: str
    filename: str
    placeholders: dict[str, str]  # top-level name -> what it holds (Vietnamese, shown to the province)
    per_dossier: bool = True


FORMS: dict[str, FormSpec] = {
    spec.code: spec
    for spec in (
        FormSpec(
            "01",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "giay-tiep-nhan",
            {
                **HEADER,
                **DOSSIER,
                "copies": "Các liên (vòng lặp; copy.label: Lưu / Giao khách hàng)",
                "components": "Thành phần hồ sơ (vòng lặp; c.no, c.name, c.kind, c.quantity)",
                "sets": "Số bộ hồ sơ",
                "time_limit": "Thời hạn giải quyết (ngày làm việc)",
                "result_place": "Nơi nhận kết quả",
                "channel": "Hình thức nộp",
                "fees": "Phí, lệ phí",
                "entry_number": "Số thứ tự trong sổ theo dõi",
                "receiver_name": "Người tiếp nhận",
                "lookup_url": "Địa chỉ tra cứu hồ sơ",
                "qr": "Mã QR tra cứu (ảnh)",
                "slots": "Nội dung của phân hệ khác (vòng lặp; slot.title, slot.text, slot.url, slot.qr)",
            },
        ),
        FormSpec(
            "02",
            "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
            "phieu-yeu-cau-bo-sung",
            {
                **HEADER,
                **DOSSIER,
                "items": "Nội dung cần bổ sung (vòng lặp; i.no, i.name, i.original, i.certified_copy, i.copy)",
                "reason": "Lý do",
                "request_number": "Lần yêu cầu",
                "guidance_place": "Nơi hướng dẫn",
                "officer_name": "Người hướng dẫn",
                "issued_date": "Ngày lập",
            },
        ),
        FormSpec("03", "Phiếu từ chối tiếp nhận giải quyết hồ sơ", "phieu-tu-choi", {**HEADER, **DOSSIER, **CLOSING}),
        FormSpec(
            "04",
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết",
            "van-ban-xin-loi",
            {**HEADER, **DOSSIER, **CLOSING, "previous_date": "Ngày hẹn trước", "new_date": "Ngày hẹn mới"},
        ),
        FormSpec("05", "Thông báo dừng giải quyết hồ sơ", "thong-bao-dung", {**HEADER, **DOSSIER, **CLOSING}),
        FormSpec(
            "06",
            "Phiếu kiểm soát quá trình giải quyết hồ sơ",
            "phieu-kiem-soat",
            {
                **HEADER,
                **DOSSIER,
                "rows": "Các lần giao nhận (vòng lặp; r.no, r.giver, r.receiver, r.handed_at, r.result, r.note)",
            },
        ),
        FormSpec(
            "07",
            "Sổ theo dõi hồ sơ",
            "so-theo-doi-ho-so",
            {
                **HEADER,
                "unit_name": "Đơn vị",
                "period_from": "Từ ngày",
                "period_to": "Đến ngày",
                "count": "Tổng số hồ sơ",
                "rows": (
                    "Hồ sơ (vòng lặp; r.no, r.code, r.procedure, r.applicant_name, r.address_phone, "
                    "r.lead_agency, r.received_date, r.appointment_date, r.returned_date, r.delivery)"
                ),
            },
            per_dossier=False,
        ),
    )
}

BUILDERS: dict[str, Callable[..., dict[str, Any]]] = {
    "01": contexts.form01,
    "02": contexts.form02,
    "03": contexts.form03,
    "04": contexts.form04,
    "05": contexts.form05,
    "06": contexts.form06,
}


def dossier_context(form: str, dossier: Any) -> dict[str, Any]:
    """The context of a per-dossier form (01-06); FormUnavailable when the dossier has no such event."""
    return BUILDERS[form](dossier)


def check_template(form: str, data: bytes) -> None:
    """TemplateError (translated) unless `data` is a Word template using only the form's placeholders."""
    unknown = undeclared_variables(data) - set(FORMS[form].placeholders)
    if unknown:
        raise TemplateError(
            _("The template uses fields that form %(form)s does not have: %(names)s.")
            % {"form": form, "names": ", ".join(sorted(unknown))}
        )
    for empty in (False, True):  # trials: filled and empty, the result must be a valid Word document
        render(data, sample_context(form, empty=empty))


LISTS = frozenset({"copies", "components", "items", "rows", "slots"})


def sample_context(form: str, *, empty: bool = False) -> dict[str, Any]:
    """Every placeholder of the form with a stand-in value (lists with one empty item); `empty`:
    every value empty, so a condition that cuts through Word's structure shows."""
    if empty:
        return {name: [] if name in LISTS else "" for name in FORMS[form].placeholders}
    png = qr_png("https://example.invalid/")
    return {
        name: [{}] if name in LISTS else Image(png, QR_MM) if name == "qr" else f"[{name}]"
        for name in FORMS[form].placeholders
    }


def word_file(form: str, template: bytes, context: dict[str, Any]) -> bytes:
    """The filled Word file: the QR codes of form 01 become pictures."""
    values = dict(context)
    if form == "01":
        values["qr"] = Image(qr_png(context["lookup_url"]), QR_MM)
        values["slots"] = [
            {**slot, "qr": Image(qr_png(slot["url"]), SLOT_QR_MM) if slot.get("url") else ""}
            for slot in context["slots"]
        ]
    return render(template, values)


__all__ = [
    "DOCX_CONTENT_TYPE",
    "FORMS",
    "FormSpec",
    "FormUnavailable",
    "TemplateError",
    "check_template",
    "dossier_context",
    "word_file",
]
