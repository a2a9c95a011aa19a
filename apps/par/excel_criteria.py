"""A criteria set as one Excel sheet: one row per node in tree order; the same file imports back.

Columns: code, name, max points, method type, method parameters (JSON), evidence required
(Có/Không), kind, guidance, last year's code, then the method in words (label and description).
The method's code and JSON parameters are what the import reads; the export hides those two
technical columns and shows the words, which the import ignores. The parent of a row is deduced
from its code ("1.2.3" → "1.2"). Import validates every row and reports all errors with their row
numbers.
"""

import io
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import pydantic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.core.actors import Actor
from apps.core.spreadsheets import append_row
from apps.par.engine import method_to_json, parse_method
from apps.par.forms.criteria import METHOD_CHOICES, describe_method
from apps.par.models import CriteriaSet, Criterion, NodeKind
from apps.par.services.criteria import (
    CODE_RE,
    criteria_set_fill,
    method_error_message,
    parent_code,
    previous_set,
    tree_order,
)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "Có", "Không"
YES_VALUES = {"có", "co", "yes", "y", "x", "1", "true", "đúng"}
NO_VALUES = {"không", "khong", "no", "n", "0", "false", "sai", ""}
MAX_ROWS = 3000

COLUMNS = [
    ("code", gettext_lazy("Code"), 10),
    ("name", gettext_lazy("Name"), 60),
    ("max_points", gettext_lazy("Maximum points"), 12),
    ("method", gettext_lazy("Scoring method code (technical)"), 14),
    ("params", gettext_lazy("Method parameters (JSON, technical)"), 40),
    ("evidence", gettext_lazy("Evidence required"), 12),
    ("kind", gettext_lazy("Kind"), 10),
    ("guidance", gettext_lazy("Guidance"), 60),
    ("predecessor", gettext_lazy("Last year's code"), 14),
    ("method_label", gettext_lazy("Scoring method"), 28),
    ("method_text", gettext_lazy("How it is scored"), 48),
]
# What the import reads but a reader need not see: hidden in the export (Excel can unhide them).
TECHNICAL_COLUMNS = ("method", "params")


def method_label(method: dict[str, Any] | None) -> str:
    """The method's type in words, e.g. "Tiers by a ratio"."""
    kind = (method or {}).get("type", "manual")
    if kind == "sum":
        return _("Sum of sub-criteria")
    return str(dict(METHOD_CHOICES).get(kind, kind))


def normalised_method(method: dict[str, Any] | None) -> dict[str, Any]:
    """The method as the schema writes it (defaults filled in), so export and import agree."""
    try:
        return method_to_json(parse_method(method))
    except pydantic.ValidationError:
        return dict(method or {})


def _method_params(method: dict[str, Any]) -> str:
    params = {k: v for k, v in normalised_method(method).items() if k != "type"}
    return json.dumps(params, ensure_ascii=False, sort_keys=True) if params else ""


def _points_text(value: Decimal) -> float | int:
    """Points as an Excel number: 4 rather than 4.00, 2.5 rather than 2.50."""
    number = value.normalize()
    return int(number) if number == number.to_integral_value() else float(number)


def export_rows(criteria_set: CriteriaSet) -> list[list[Any]]:
    """The data rows (no header) in tree order: one query."""
    nodes = tree_order(criteria_set.nodes.select_related("predecessor"))
    return [
        [
            n.code,
            n.name,
            _points_text(n.max_points),
            (n.method or {}).get("type", "manual"),
            _method_params(n.method),
            YES if n.evidence_required else NO,
            n.kind,
            n.guidance,
            n.predecessor.code if n.predecessor else "",
            method_label(n.method),
            describe_method(n.method),
        ]
        for n in nodes
    ]


def export_workbook(criteria_set: CriteriaSet) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = f"{criteria_set.year}"[:31]
    append_row(sheet, [str(label) for _key, label, _width in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in export_rows(criteria_set):
        append_row(sheet, row)
    for index, (key, _label, width) in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = width
        if key in TECHNICAL_COLUMNS:
            dimension.hidden = True
            sheet.cell(row=1, column=index).fill = PatternFill("solid", fgColor="EEEEEE")
    sheet.freeze_panes = "B2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_filename(criteria_set: CriteriaSet) -> str:
    return f"bo-tieu-chi-{criteria_set.group.code}-{criteria_set.year}.xlsx"


# --- import -----------------------------------------------------------------------------------------


def read_upload(uploaded: UploadedFile) -> list[tuple[int, list[Any]]]:
    """The data rows of an uploaded .xlsx with their sheet row numbers, or a ValidationError."""
    limit = settings.UPLOAD_MAX_BYTES
    if not uploaded.size:
        raise ValidationError(_("The file is empty."))
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(uploaded.size), "limit": filesizeformat(limit)}
        )
    uploaded.seek(0)
    content = uploaded.read()
    not_xlsx = _("“%(name)s” is not an Excel workbook (.xlsx). Export a set to get a file in the right layout.") % {
        "name": uploaded.name
    }
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(not_xlsx)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > MAX_ROWS + 1:
                raise ValidationError(_("The sheet has more than %(max)d rows.") % {"max": MAX_ROWS})
            rows.append((number, list(values)))
        workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a broken or foreign file
        raise ValidationError(not_xlsx) from exc
    if not rows:
        raise ValidationError(_("The sheet is empty."))
    return [
        (number, values)
        for number, values in rows[1:]  # row 1 is the header, in whatever language it was exported
        if any(v not in (None, "") for v in values)
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def parse_rows(criteria_set: CriteriaSet, rows: list[tuple[int, list[Any]]]) -> list[dict[str, Any]]:
    """Validate every row; one ValidationError listing every problem with its row number."""
    errors: list[tuple[int, str]] = []
    parsed: list[dict[str, Any]] = []
    seen: dict[str, dict[str, Any]] = {}
    previous = previous_set(criteria_set)
    old_nodes = dict(previous.nodes.values_list("code", "pk")) if previous else {}
    old_objects = {n.pk: n for n in Criterion.objects.filter(pk__in=old_nodes.values())} if old_nodes else {}

    def fail(number: int, message: str) -> None:
        errors.append((number, message))

    if not rows:
        raise ValidationError(_("The sheet has no criteria under its header row."))
    for order, (number, values) in enumerate(rows):
        before = len(errors)
        code = _text(_cell(values, 0))
        name = _text(_cell(values, 1))
        if not CODE_RE.match(code) or len(code) > 20:
            fail(number, _("the code “%(code)s” is not like 3.2.1.") % {"code": code})
        elif code in seen:
            fail(number, _("the code %(code)s appears twice.") % {"code": code})
        parent = parent_code(code) if CODE_RE.match(code) else None
        parent_row = seen.get(parent) if parent else None
        if parent and parent_row is None:
            fail(number, _("its parent %(parent)s must come on an earlier row.") % {"parent": parent})
        if not name:
            fail(number, _("the name is empty."))
        elif len(name) > 600:
            fail(number, _("the name is longer than 600 characters."))
        raw_max = _cell(values, 2)
        maximum = Decimal("0")
        try:
            maximum = Decimal(_text(raw_max).replace(",", "."))
            if not maximum.is_finite() or maximum < 0 or maximum >= Decimal("100000"):
                raise InvalidOperation
            if maximum != maximum.quantize(Decimal("0.01")):
                raise InvalidOperation
            maximum = maximum.quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            fail(
                number,
                _("the maximum “%(value)s” is not a number of points (≥ 0, two decimals at most).")
                % {"value": _text(raw_max)},
            )
        method_type = _text(_cell(values, 3)) or "manual"
        params_text = _text(_cell(values, 4))
        method: dict[str, Any] = {"type": method_type}
        try:
            params = json.loads(params_text) if params_text else {}
            if not isinstance(params, dict):
                raise ValueError
        except ValueError:
            fail(number, _('the method parameters are not valid JSON (e.g. {"step": "0.25"}).'))
        else:
            try:
                method = method_to_json(parse_method({**params, "type": method_type}))
            except pydantic.ValidationError as exc:
                fail(number, method_error_message(exc))
        evidence_text = _text(_cell(values, 5)).lower()
        if evidence_text not in YES_VALUES | NO_VALUES:
            fail(number, _("“evidence required” must be Có or Không."))
        kind = _text(_cell(values, 6)) or (parent_row["kind"] if parent_row else NodeKind.NORMAL)
        if kind not in NodeKind.values:
            fail(number, _("the kind must be normal, bonus or penalty."))
        elif parent_row is not None and kind != parent_row["kind"]:
            if parent_row["kind"] == NodeKind.NORMAL:
                fail(number, _("only an area (a top-level row) can be bonus or penalty."))
            else:
                fail(number, _("a criterion has the kind of its area (%(kind)s).") % {"kind": parent_row["kind"]})
        predecessor_code = _text(_cell(values, 8))
        predecessor = None
        if predecessor_code:
            if predecessor_code not in old_nodes:
                fail(
                    number,
                    _("last year's code %(code)s is not in the previous criteria set of this group.")
                    % {"code": predecessor_code},
                )
            else:
                predecessor = old_objects[old_nodes[predecessor_code]]
        row = {
            "number": number,
            "code": code,
            "name": name,
            "max_points": maximum,
            "method": method,
            "evidence_required": evidence_text in YES_VALUES,
            "kind": kind,
            "guidance": _text(_cell(values, 7)),
            "predecessor": predecessor,
            "sort_order": order,
            "children": 0,
        }
        if len(errors) == before or (CODE_RE.match(code) and code not in seen):
            seen[code] = row
        if parent_row is not None:
            parent_row["children"] += 1
        parsed.append(row)
    for row in parsed:
        is_sum = row["method"].get("type") == "sum"
        if row["children"] and not is_sum:
            fail(row["number"], _("a row with sub-criteria must have the method “sum”."))
        if not row["children"] and is_sum:
            fail(row["number"], _("a row without sub-criteria needs a method other than “sum”."))
    if errors:
        errors.sort(key=lambda e: e[0])
        lines = [_("Row %(row)d: %(message)s") % {"row": number, "message": message} for number, message in errors]
        raise ValidationError(
            _("The file was not imported. Fix these rows and try again: %(errors)s") % {"errors": " ".join(lines)}
        )
    return parsed


def import_workbook(*, actor: Actor, criteria_set: CriteriaSet, uploaded: UploadedFile) -> int:
    """Fill an empty set from an uploaded workbook. Nothing is saved unless every row is valid."""
    rows = parse_rows(criteria_set, read_upload(uploaded))
    return criteria_set_fill(actor=actor, criteria_set=criteria_set, rows=rows, source=uploaded.name or "")
