"""The results of a period as Excel workbooks.

`results_workbook`, for the secretariat and the units, in the layout of published ranking decisions:
title row; two header rows (areas merged over their criteria, then criterion codes with their
maximum); one row per unit ordered by rank; an averages row. `public_results_workbook`, the file
the public page offers: rank, unit, index, band and the area sub-indices, one header row, printable
on A4 portrait. Each a fixed number of queries.
"""

from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from apps.core.spreadsheets import write_cell
from apps.par.engine import ZERO, quantize
from apps.par.models import ScoringPeriod
from apps.par.reports import criterion_columns, results_table

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
NUMBER = "0.00"
TITLE_ROW, AREA_ROW, CODE_ROW, FIRST_DATA_ROW = 1, 2, 3, 4

_thin = Side(style="thin", color="999999")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)


def vn_number(value: Decimal) -> str:
    """2 decimals with a decimal comma, for text cells (86,57)."""
    return f"{value:.2f}".replace(".", ",")


def results_filename(period: ScoringPeriod) -> str:
    return f"ket-qua-chi-so-cchc-{period.year}-{period.group.code}.xlsx"


def public_results_filename(period: ScoringPeriod) -> str:
    return f"chi-so-cchc-{period.year}-{period.group.code}-cong-bo.xlsx"


def results_workbook(period: ScoringPeriod) -> bytes:
    columns = criterion_columns(period)
    table = results_table(period, sort="overall", with_previous=False)
    rows = table.rows

    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = f"Chỉ số CCHC {period.year}"[:31]

    # Column plan: (header for the area row or None when merged vertically, code-row header, kind, key)
    col = 1
    fixed_left = [("STT", 6), ("Đơn vị", 36)]
    for offset, (label, width) in enumerate(fixed_left):
        write_cell(ws, AREA_ROW, col + offset, label)
        ws.merge_cells(start_row=AREA_ROW, start_column=col + offset, end_row=CODE_ROW, end_column=col + offset)
        ws.column_dimensions[get_column_letter(col + offset)].width = width
    col += len(fixed_left)

    criterion_cols: list[tuple[int, int]] = []  # (column, node id)
    area_cols: list[tuple[int, int]] = []  # (column, area id)
    for area, criteria in columns.columns:
        start = col
        for node in criteria:
            write_cell(ws, CODE_ROW, col, f"{node.code} ({vn_number(node.max_points)})")
            criterion_cols.append((col, node.id))
            ws.column_dimensions[get_column_letter(col)].width = 10
            col += 1
        write_cell(ws, CODE_ROW, col, f"Cộng ({vn_number(area.max_points)})")
        area_cols.append((col, area.id))
        ws.column_dimensions[get_column_letter(col)].width = 10
        col += 1
        write_cell(ws, AREA_ROW, start, area.label)
        if col - 1 > start:
            ws.merge_cells(start_row=AREA_ROW, start_column=start, end_row=AREA_ROW, end_column=col - 1)

    tail = [
        ("Điều tra XHH", "survey_points"),
        ("Điểm thưởng", "bonus_points"),
        ("Điểm trừ", "penalty_points"),
        ("Tổng điểm", "total_points"),
        ("Điểm tối đa", "max_points"),
        ("Chỉ số (%)", "index"),
        ("Xếp hạng", "rank"),
        ("Xếp loại", "band"),
    ]
    tail_cols: list[tuple[int, str]] = []
    for label, key in tail:
        write_cell(ws, AREA_ROW, col, label)
        ws.merge_cells(start_row=AREA_ROW, start_column=col, end_row=CODE_ROW, end_column=col)
        ws.column_dimensions[get_column_letter(col)].width = 12
        tail_cols.append((col, key))
        col += 1
    last_col = col - 1

    write_cell(ws, TITLE_ROW, 1, f"KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {period.year} - {period.group.name.upper()}")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_col)
    ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 28
    ws.row_dimensions[AREA_ROW].height = 60
    ws.row_dimensions[CODE_ROW].height = 32
    for r in (AREA_ROW, CODE_ROW):
        for c in range(1, last_col + 1):
            cell = ws.cell(r, c)
            cell.font = Font(bold=True)
            cell.alignment = CENTRE
            cell.fill = HEADER_FILL
            cell.border = BORDER

    numeric_cols = [c for c, _n in criterion_cols] + [c for c, _a in area_cols]
    numeric_cols += [c for c, key in tail_cols if key not in ("rank", "band")]
    sums: dict[int, Decimal] = dict.fromkeys(numeric_cols, ZERO)
    scored = 0
    r = FIRST_DATA_ROW
    for position, row in enumerate(rows, start=1):
        write_cell(ws, r, 1, position)
        write_cell(ws, r, 2, row.unit_name)
        totals = columns.totals.get(row.assessment_id)
        values: dict[int, Decimal | int | str | None] = {}
        for c, node_id in criterion_cols:
            values[c] = totals.points.get(node_id, ZERO) if totals else None
        for c, area_id in area_cols:
            values[c] = row.area_points.get(area_id) if row.has_result else None
        for c, key in tail_cols:
            values[c] = getattr(row, key) if row.has_result else None
        for c, value in values.items():
            cell = write_cell(ws, r, c, float(value) if isinstance(value, Decimal) else value)
            if c in sums:
                cell.number_format = NUMBER
        if row.has_result:
            scored += 1
            for c in numeric_cols:
                value = values.get(c)
                if isinstance(value, Decimal):
                    sums[c] += value
        r += 1

    write_cell(ws, r, 2, "Bình quân")
    for c in numeric_cols:
        if scored:
            write_cell(ws, r, c, float(quantize(sums[c] / scored))).number_format = NUMBER
    for c in range(1, last_col + 1):
        ws.cell(r, c).font = Font(bold=True)
    for data_row in range(FIRST_DATA_ROW, r + 1):
        for c in range(1, last_col + 1):
            ws.cell(data_row, c).border = BORDER
        ws.cell(data_row, 2).alignment = Alignment(wrap_text=True, vertical="center")

    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)
    ws.print_title_rows = f"{AREA_ROW}:{CODE_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0

    out = BytesIO()
    wb.save(out)
    return out.getvalue()


PUBLIC_HEADER_ROW, PUBLIC_FIRST_ROW = 2, 3


def public_results_workbook(period: ScoringPeriod) -> bytes:
    """The published ranking for citizens: rank, unit, index (%), band, then each area's sub-index (%)."""
    table = results_table(period, sort="overall", with_previous=False)
    areas = table.normal_areas
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = f"Chỉ số CCHC {period.year}"[:31]
    headings = [("Xếp hạng", 9), ("Đơn vị", 40), ("Chỉ số (%)", 11), ("Xếp loại", 12)]
    headings += [(f"{area.label} (%)", 16) for area in areas]
    last_col = len(headings)
    for c, (label, width) in enumerate(headings, start=1):
        cell = write_cell(ws, PUBLIC_HEADER_ROW, c, label)
        cell.font, cell.alignment, cell.fill, cell.border = Font(bold=True), CENTRE, HEADER_FILL, BORDER
        ws.column_dimensions[get_column_letter(c)].width = width
    # About 14 characters a line in a 16-wide column; 15 points a line.
    ws.row_dimensions[PUBLIC_HEADER_ROW].height = max(30, 15 * -(-max(len(h) for h, _w in headings) // 14))

    write_cell(ws, TITLE_ROW, 1, f"CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {period.year} - {period.group.name.upper()}")
    ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=last_col)
    ws.cell(TITLE_ROW, 1).font = Font(bold=True, size=14)
    ws.cell(TITLE_ROW, 1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[TITLE_ROW].height = 36

    r = PUBLIC_FIRST_ROW
    for row in table.rows:
        values: list[Decimal | int | str | None] = [row.rank, row.unit_name]
        if row.has_result:
            values += [row.index, row.band, *(row.area_index.get(area.id) for area in areas)]
        for c, value in enumerate(values, start=1):
            cell = write_cell(ws, r, c, float(value) if isinstance(value, Decimal) else value)
            if isinstance(value, Decimal):
                cell.number_format = NUMBER
        r += 1
    averages = table.area_averages()
    write_cell(ws, r, 2, "Bình quân")
    average = table.average_index()
    for c, value in [(3, average), *((5 + i, averages.get(area.id)) for i, area in enumerate(areas))]:
        if value is not None:
            write_cell(ws, r, c, float(value)).number_format = NUMBER
    for data_row in range(PUBLIC_FIRST_ROW, r + 1):
        for c in range(1, last_col + 1):
            cell = ws.cell(data_row, c)
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="left" if c == 2 else "center", vertical="center", wrap_text=True)
            if data_row == r:
                cell.font = Font(bold=True)

    ws.freeze_panes = ws.cell(PUBLIC_FIRST_ROW, 3)
    ws.print_title_rows = f"{PUBLIC_HEADER_ROW}:{PUBLIC_HEADER_ROW}"
    ws.page_setup.orientation = "portrait" if last_col <= 8 else "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0

    out = BytesIO()
    wb.save(out)
    return out.getvalue()
