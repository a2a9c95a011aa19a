"""The shipped Word templates of forms 01-07, built in code with python-docx and `core.decree30`.

They are built when first asked for (and kept for the process), not committed as .docx files: the
layout then lives in reviewable code, always matches the placeholders declared in
`apps.onestop.documents.FORMS`, and a change to `core.decree30` reaches them without a rebuild step.
A province downloads the current one from the templates page, edits it in Word and uploads it.

Layout (Decree 30/2020): A4, Times New Roman 13-14 pt, margins top/bottom 20 mm, left 30 mm, right
15 mm (the register, landscape: left/right 20/15 mm); a borderless header table with the agency on
the left and the national title and motto on the right.
"""

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from apps.core import decree30
from apps.core.decree30 import cell_para, fixed_widths, no_borders, para, run

CENTER = WD_ALIGN_PARAGRAPH.CENTER
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _document(*, landscape: bool = False) -> Any:
    doc = decree30.new_document()
    if landscape:
        section = doc.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin, section.right_margin = Mm(20), Mm(15)
    for paragraph in doc.sections[0].header.paragraphs:  # a form has no page numbers (each copy is one page)
        for element in list(paragraph._p):
            if element.tag.endswith("}r"):
                paragraph._p.remove(element)
    return doc


def _text_width(doc: Any) -> float:
    section = doc.sections[0]
    return float((section.page_width - section.left_margin - section.right_margin) / Mm(1))


def _header(doc: Any, number: str = "", *, with_date: bool = True) -> None:
    """Agency (superior, then the unit in bold with a short rule) and a number on the left; the
    national title, the motto (underlined) and place/date on the right."""
    width = _text_width(doc)
    left_mm = width - decree30.HEADER_RIGHT_MM
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    no_borders(table)
    fixed_widths(table, [left_mm, decree30.HEADER_RIGHT_MM], cell_margin_mm=1)
    left, right = table.rows[0].cells
    run(cell_para(left, first=True), "{{ superior }}", size=12)
    run(cell_para(left), "{{ agency }}", size=13, bold=True)
    decree30.rule(left, 25, left_mm - 2, space_after=4)
    if number:
        run(cell_para(left), number, size=13)
    run(cell_para(right, first=True), "{{ national_title }}", size=12, bold=True)
    run(cell_para(right), "{{ motto }}", size=13, bold=True, underline=True)
    if with_date:
        cell_para(right).paragraph_format.space_after = Pt(4)
        run(cell_para(right), "{{ place_date }}", size=13, italic=True)


def _title(doc: Any, *lines: str, code: bool = True) -> None:
    """The form's name (bold, 14 pt), a short rule, then the dossier code."""
    para(doc, "", space_after=6)
    for i, line in enumerate(lines):
        para(doc, line, align=CENTER, bold=i == 0, size=14, space_after=0)
    decree30.rule(doc, 40, _text_width(doc), space_after=4)
    if code:
        paragraph = para(doc, align=CENTER, space_after=8)
        run(paragraph, "Mã hồ sơ: ", size=13)
        run(paragraph, "{{ code }}", size=13, bold=True)


def _line(doc: Any, label: str, value: str = "", *, size: float = 13, space_after: float = 2) -> Any:
    paragraph = para(doc, align=LEFT, space_after=space_after)
    run(paragraph, label, size=size)
    if value:
        run(paragraph, value, size=size)
    return paragraph


def _loop_table(
    doc: Any,
    headers: Sequence[str],
    widths: Sequence[float],
    loop: str,
    cells: Sequence[str],
    left: Sequence[int] = (),
    size: float = 12,
) -> Any:
    """A bordered table whose body repeats one row per item: `{%tr for ... %}`, the row, `{%tr endfor %}`."""
    table = decree30.grid(doc, headers, widths)
    for values in (
        [f"{{%tr for {loop} %}}", *[""] * (len(headers) - 1)],
        cells,
        ["{%tr endfor %}", *[""] * (len(headers) - 1)],
    ):
        cells_row = table.add_row().cells
        for i, (cell, text) in enumerate(zip(cells_row, values, strict=True)):
            paragraph = cell_para(cell, first=True)
            if i in left:
                paragraph.alignment = LEFT
            run(paragraph, text, size=size)
    return table


def _signatures(doc: Any, blocks: Sequence[tuple[str, str]]) -> None:
    """Signature blocks side by side: a title, "(Ký, ghi rõ họ tên)", room to sign, the name."""
    width = _text_width(doc)
    table = doc.add_table(rows=1, cols=len(blocks))
    no_borders(table)
    fixed_widths(table, [width / len(blocks)] * len(blocks))
    for cell, (title, name) in zip(table.rows[0].cells, blocks, strict=True):
        if not title:
            continue
        run(cell_para(cell, first=True), title, size=13, bold=True)
        run(cell_para(cell), "(Ký, ghi rõ họ tên)", size=13, italic=True)
        for _ in range(3):
            cell_para(cell)
        run(cell_para(cell), name, size=13, bold=True)


def _note(doc: Any, text: str) -> None:
    para(doc, text, align=LEFT, size=11, italic=True, space_after=0)


def _qr_table(doc: Any) -> None:
    """The look-up QR with its address on the left; what other modules print (a survey's QR) on the right."""
    width = _text_width(doc)
    table = doc.add_table(rows=1, cols=4)
    no_borders(table)
    fixed_widths(table, [28, width / 2 - 28, 24, width / 2 - 24])
    qr_cell, text_cell, slot_qr_cell, slot_cell = table.rows[0].cells
    run(cell_para(qr_cell, first=True), "{{ qr }}")
    text = cell_para(text_cell, first=True)
    text.alignment = LEFT
    run(text, "Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập ", size=11, italic=True)
    run(text, "{{ lookup_url }}", size=11)
    for cell, lines in (
        (slot_qr_cell, ["{{ slot.qr }}"]),
        (slot_cell, ["{{ slot.title }}", "{{ slot.text }} {{ slot.url }}"]),
    ):
        cell_para(cell, first=True).add_run("{%p for slot in slots %}")
        for i, line in enumerate(lines):
            paragraph = cell_para(cell)
            paragraph.alignment = LEFT
            run(paragraph, line, size=11, bold=i == 0 and len(lines) > 1)
        cell_para(cell).add_run("{%p endfor %}")
        cell_para(cell)  # a cell keeps a paragraph when there is no slot (Word requires one)


def form01() -> Any:
    doc = _document()
    para(doc, "{%p for copy in copies %}", space_after=0)
    para(doc, "{%p if not loop.first %}", space_after=0)
    _tiny(doc, new_page=True)
    para(doc, "{%p endif %}", space_after=0)
    _header(doc)
    para(doc, "Liên: {{ copy.label }}", align=WD_ALIGN_PARAGRAPH.RIGHT, size=12, italic=True, space_after=0)
    _title(doc, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
    _line(doc, "{{ receiving_unit }} tiếp nhận hồ sơ của: ", "{{ applicant_name }}")
    _line(doc, "Địa chỉ: ", "{{ applicant_address }}")
    _line(doc, "Số điện thoại: {{ applicant_phone }}", "        Thư điện tử: {{ applicant_email }}")
    _line(doc, "Nội dung yêu cầu giải quyết: ", "{{ request }} (mã thủ tục {{ procedure_code }})")
    _line(doc, "1. Thành phần hồ sơ nộp gồm:")
    _loop_table(
        doc,
        ["STT", "Tên giấy tờ", "Hình thức", "Số lượng"],
        [13, 98, 34, 20],
        "c in components",
        ["{{ c.no }}", "{{ c.name }}", "{{ c.kind }}", "{{ c.quantity }}"],
        left=(1,),
    )
    _line(doc, "2. Số lượng hồ sơ: ", "{{ sets }} (bộ)")
    _line(doc, "3. Thời gian giải quyết hồ sơ theo quy định: ", "{{ time_limit }} ngày làm việc")
    _line(doc, "4. Thời gian nhận hồ sơ: ", "{{ received_time }}")
    _line(doc, "5. Thời gian trả kết quả giải quyết hồ sơ: ", "ngày {{ appointment_date }}")
    _line(doc, "6. Đăng ký nhận kết quả tại: ", "{{ result_place }}")
    _line(doc, "Vào Sổ theo dõi hồ sơ, số thứ tự: ", "{{ entry_number }}")
    _line(doc, "Phí, lệ phí: ", "{{ fees }}", space_after=4)
    _signatures(doc, [("NGƯỜI NỘP HỒ SƠ", "{{ applicant_name }}"), ("NGƯỜI TIẾP NHẬN HỒ SƠ", "{{ receiver_name }}")])
    _qr_table(doc)
    para(doc, "{%p endfor %}", space_after=0)
    _tiny(doc)  # the document ends with a paragraph, not the table (Word adds one otherwise)
    return doc


def _tiny(doc: Any, *, new_page: bool = False) -> Any:
    """An empty 1 pt paragraph; with `new_page`, one that starts a page (the second copy of form 01)."""
    paragraph = para(doc, space_after=0)
    paragraph.paragraph_format.line_spacing = Pt(1)
    paragraph.paragraph_format.page_break_before = new_page or None
    return paragraph


def form02() -> Any:
    doc = _document()
    _header(doc)
    _title(doc, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "(lần {{ request_number }})")
    _line(doc, "Hồ sơ của: ", "{{ applicant_name }}")
    _line(doc, "Nội dung yêu cầu giải quyết: ", "{{ request }}")
    _line(doc, "Tiếp nhận ngày: ", "{{ received_date }}")
    _line(doc, "Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:")
    _loop_table(
        doc,
        ["STT", "Thành phần hồ sơ", "Bản chính", "Bản sao chứng thực", "Bản sao"],
        [13, 82, 22, 26, 22],
        "i in items",
        ["{{ i.no }}", "{{ i.name }}", "{{ i.original }}", "{{ i.certified_copy }}", "{{ i.copy }}"],
        left=(1,),
    )
    _line(doc, "Lý do: ", "{{ reason }}")
    _line(doc, "Mọi thắc mắc xin liên hệ: ", "{{ guidance_place }}", space_after=8)
    _signatures(doc, [("NGƯỜI NỘP HỒ SƠ", "{{ applicant_name }}"), ("NGƯỜI HƯỚNG DẪN", "{{ officer_name }}")])
    return doc


def _closing_form(title: str, lead: str, closing: str) -> Callable[[], Any]:
    def build() -> Any:
        doc = _document()
        _header(doc)
        _title(doc, title)
        _line(doc, "Kính gửi: ", "{{ applicant_name }}")
        _line(doc, "Địa chỉ: ", "{{ applicant_address }}")
        _line(doc, lead)
        _line(doc, "Nội dung yêu cầu giải quyết: ", "{{ request }}")
        _line(doc, "Lý do: ", "{{ reason }}")
        _line(doc, closing, space_after=8)
        _signatures(
            doc, [("NGƯỜI NỘP HỒ SƠ", "{{ applicant_name }}"), ("{{ issuing_unit|upper }}", "{{ officer_name }}")]
        )
        return doc

    return build


form03 = _closing_form(
    "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    "{{ receiving_unit }} tiếp nhận hồ sơ của Quý ông/bà ngày {{ received_date }}.",
    "Theo quy định, hồ sơ không đủ điều kiện tiếp nhận, giải quyết. Xin thông báo để Quý ông/bà biết.",
)
form05 = _closing_form(
    "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    "Hồ sơ mã {{ code }} tiếp nhận ngày {{ received_date }} được dừng giải quyết từ ngày {{ issued_date }}.",
    "{{ issuing_unit }} thông báo để Quý ông/bà biết.",
)


def form04() -> Any:
    doc = _document()
    _header(doc)
    _title(doc, "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN", "THỜI GIAN GIẢI QUYẾT HỒ SƠ")
    _line(doc, "Kính gửi: ", "{{ applicant_name }}")
    _line(
        doc, "Ngày {{ received_date }}, {{ receiving_unit }} tiếp nhận hồ sơ đề nghị giải quyết thủ tục: {{ request }}."
    )
    _line(doc, "Mã hồ sơ: {{ code }}. Thời hạn trả kết quả theo giấy hẹn: ngày {{ previous_date }}.")
    _line(doc, "Tuy nhiên, đến nay hồ sơ chưa giải quyết xong. Lý do: ", "{{ reason }}")
    _line(
        doc,
        "Sự chậm trễ này đã gây phiền hà cho Quý ông/bà. {{ issuing_unit }} xin lỗi Quý ông/bà "
        "và đề nghị gia hạn thời gian trả kết quả đến ngày ",
        "{{ new_date }}.",
    )
    _line(doc, "Trân trọng cảm ơn sự hợp tác của Quý ông/bà.", space_after=8)
    _signatures(doc, [("", ""), ("{{ issuing_unit|upper }}", "{{ officer_name }}")])
    return doc


def form06() -> Any:
    doc = _document()
    _header(doc, with_date=False)
    _title(doc, "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
    _line(doc, "Hồ sơ của: ", "{{ applicant_name }}")
    _line(doc, "Nội dung yêu cầu giải quyết: ", "{{ request }}")
    _line(doc, "Ngày nhận: ", "{{ received_time }}")
    _line(doc, "Ngày hẹn trả kết quả: ", "{{ appointment_date }}", space_after=6)
    _loop_table(
        doc,
        [
            "STT",
            "Bên giao",
            "Bên nhận",
            "Thời gian giao, nhận hồ sơ",
            "Kết quả giải quyết (trước hạn/ đúng hạn/ quá hạn)",
            "Ghi chú",
        ],
        [13, 33, 33, 34, 27, 25],
        "r in rows",
        [
            "{{ r.no }}",
            "{{ r.giver }}\nNgười giao:",
            "{{ r.receiver }}\nNgười nhận:",
            "{{ r.handed_at }}",
            "{{ r.result }}",
            "{{ r.note }}",
        ],
        left=(1, 2, 5),
    )
    return doc


def form07() -> Any:
    doc = _document(landscape=True)
    _header(doc)
    _title(doc, "SỔ THEO DÕI HỒ SƠ", "{{ unit_name }}: từ ngày {{ period_from }} đến ngày {{ period_to }}", code=False)
    _loop_table(
        doc,
        [
            "STT",
            "Mã hồ sơ",
            "Tên thủ tục hành chính",
            "Tên tổ chức, cá nhân",
            "Địa chỉ, số điện thoại",
            "Cơ quan chủ trì giải quyết",
            "Ngày nhận",
            "Ngày hẹn trả",
            "Ngày trả kết quả",
            "Hình thức nhận kết quả",
            "Ký nhận",
        ],
        [12, 32, 42, 26, 28, 22, 22, 22, 22, 17, 17],
        "r in rows",
        [
            "{{ r.no }}",
            "{{ r.code }}",
            "{{ r.procedure }}",
            "{{ r.applicant_name }}",
            "{{ r.address_phone }}",
            "{{ r.lead_agency }}",
            "{{ r.received_date }}",
            "{{ r.appointment_date }}",
            "{{ r.returned_date }}",
            "{{ r.delivery }}",
            "",
        ],
        left=(2, 3, 4, 5),
        size=11,
    )
    _line(doc, "Tổng số hồ sơ: {{ count }}")
    return doc


BUILDERS: dict[str, Callable[[], Any]] = {
    "01": form01,
    "02": form02,
    "03": form03,
    "04": form04,
    "05": form05,
    "06": form06,
    "07": form07,
}


@cache
def default_template(form: str) -> bytes:
    """The shipped template of a form, as .docx bytes (built once per process)."""
    return decree30.save(BUILDERS[form]())
