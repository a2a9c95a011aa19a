"""The procedure catalogue as an Excel workbook, and back.

Sheet 1 (procedures), one row each: national code, name, field, level, resolving agency (short
name, full name or official code), time limit in working days, fees, online mode, old level (1-4),
postal allowed (Có/Không), legal basis, in force (Có/Không). Sheet 2 (steps of inter-agency
procedures): national code, order, agency, working days, what it does.

The import creates or updates each procedure by its national code through the catalogue services;
a row that changes nothing writes nothing, so a second import of the same file changes nothing.
Valid rows land; every bad row is reported with its sheet and row number. When the workbook has a
steps sheet, the steps of every procedure on sheet 1 become the ones listed there (none when none is
listed); without one, steps are left as they are.
"""

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.core.actors import Actor
from apps.core.audit import audit_record
from apps.core.spreadsheets import append_row
from apps.core.text import fold
from apps.onestop.models import OnlineMode, Procedure, ProcedureLevel
from apps.onestop.selectors.procedures import procedure_export_rows
from apps.onestop.services.procedures import CatalogueAudit, StepSpec, procedure_create, procedure_update
from apps.org.models import Unit

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YES, NO = "Có", "Không"
YES_VALUES = {"co", "yes", "y", "x", "1", "true", "dung"}
NO_VALUES = {"khong", "no", "n", "0", "false", "sai", ""}
MAX_ROWS = 5000
FILENAME = "danh-muc-thu-tuc-hanh-chinh.xlsx"

PROCEDURE_COLUMNS = [
    (gettext_lazy("National code"), 12),
    (gettext_lazy("Name"), 60),
    (pgettext_lazy("administrative procedure", "Field"), 24),
    (gettext_lazy("Level"), 12),
    (gettext_lazy("Resolving agency"), 22),
    (gettext_lazy("Time limit (working days)"), 12),
    (gettext_lazy("Fees and charges"), 30),
    (gettext_lazy("Online mode"), 16),
    (gettext_lazy("Online service level (old, 1-4)"), 12),
    (gettext_lazy("Postal service allowed"), 12),
    (gettext_lazy("Legal basis"), 40),
    (gettext_lazy("In force"), 10),
]
STEP_COLUMNS = [
    (gettext_lazy("National code"), 12),
    (gettext_lazy("Order"), 8),
    (gettext_lazy("Agency"), 24),
    (gettext_lazy("Working days"), 10),
    (gettext_lazy("What it does"), 50),
]


def _agency_label(unit: Unit | None) -> str:
    return (unit.short_name or unit.name) if unit else ""


def _style(sheet: Any, columns: list[tuple[Any, int]]) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, (_label, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "B2"


def export_workbook() -> bytes:
    """Every procedure (in force or not) with its steps: three queries."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 - a new workbook always has a sheet
    sheet.title = str(_("Procedures"))[:31]
    steps_sheet = workbook.create_sheet(str(_("Inter-agency steps"))[:31])
    append_row(sheet, [str(label) for label, _w in PROCEDURE_COLUMNS])
    append_row(steps_sheet, [str(label) for label, _w in STEP_COLUMNS])
    for p in procedure_export_rows():
        append_row(
            sheet,
            [
                p.code,
                p.name,
                p.field,
                str(p.get_level_display()),
                _agency_label(p.agency),
                p.time_limit_days,
                p.fees,
                str(p.get_online_mode_display()),
                p.legacy_level,
                YES if p.postal_allowed else NO,
                p.legal_basis,
                YES if p.is_active else NO,
            ],
        )
        for step in p.steps.all():
            append_row(steps_sheet, [p.code, step.order, _agency_label(step.agency), step.days, step.title])
    _style(sheet, PROCEDURE_COLUMNS)
    _style(steps_sheet, STEP_COLUMNS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- import -----------------------------------------------------------------------------------------


@dataclass
class RowError:
    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return _("%(sheet)s, row %(row)d: %(message)s") % {
            "sheet": self.sheet,
            "row": self.row,
            "message": self.message,
        }


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Sheets:
    procedures: list[tuple[int, list[Any]]]
    steps: list[tuple[int, list[Any]]] | None
    digest: str


def _rows(sheet: Any) -> list[tuple[int, list[Any]]]:
    rows: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        if number > MAX_ROWS + 1:
            raise ValidationError(_("The sheet has more than %(max)d rows.") % {"max": MAX_ROWS})
        if number == 1:  # the header, in whatever language it was exported
            continue
        if any(v not in (None, "") for v in values):
            rows.append((number, list(values)))
    return rows


def read_upload(uploaded: UploadedFile) -> _Sheets:
    """The data rows of both sheets with their row numbers, or a ValidationError for the whole file."""
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
    not_xlsx = _(
        "“%(name)s” is not an Excel workbook (.xlsx). Export the catalogue to get a file in the right layout."
    ) % {"name": uploaded.name}
    if not content.startswith(b"PK\x03\x04"):
        raise ValidationError(not_xlsx)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheets = workbook.worksheets
        procedures = _rows(sheets[0])
        steps = _rows(sheets[1]) if len(sheets) > 1 else None
        workbook.close()
    except ValidationError:
        raise
    except Exception as exc:  # openpyxl raises many kinds of errors on a broken or foreign file
        raise ValidationError(not_xlsx) from exc
    if not procedures:
        raise ValidationError(_("The first sheet has no procedures under its header row."))
    return _Sheets(procedures, steps, hashlib.sha256(content).hexdigest())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(str(value).split())


def _cell(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _choices_by_label(choices: Any) -> dict[str, str]:
    """A choice's value by its value or its label in Vietnamese or English, folded."""
    found: dict[str, str] = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for value, label in choices:
                found[fold(str(label))] = value
                found[fold(str(value))] = value
    return found


def _units_by_name() -> dict[str, Unit]:
    """Units by folded short name, full name and official code; units in force win a clash."""
    found: dict[str, Unit] = {}
    for unit in Unit.objects.order_by("-valid_to", "sort_order", "pk"):
        keys = {fold(unit.short_name), fold(unit.name), fold(unit.code)} - {""}
        for key in keys:
            current = found.get(key)
            if current is None or (current.valid_to is not None and unit.valid_to is None):
                found[key] = unit
    return found


def _whole(value: Any) -> int | None:
    text = _text(value)
    if not text.isdigit() or len(text) > 4:
        return None
    return int(text)


def _yes_no(value: Any, default: bool) -> bool | None:
    text = fold(_text(value))
    if text == "":
        return default
    if text in YES_VALUES:
        return True
    if text in NO_VALUES:
        return False
    return None


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


class _Parser:
    def __init__(self) -> None:
        self.units = _units_by_name()
        self.levels = _choices_by_label(ProcedureLevel.choices)
        self.modes = _choices_by_label(OnlineMode.choices)
        self.procedure_sheet = str(_("Procedures"))
        self.step_sheet = str(_("Inter-agency steps"))

    def unit(self, value: Any) -> Unit | None:
        return self.units.get(fold(_text(value)))

    def procedure(self, values: list[Any]) -> tuple[dict[str, Any], list[str]]:
        """The service arguments of one row, and what is wrong with it."""
        problems: list[str] = []
        code, name, field_name = _text(_cell(values, 0)), _text(_cell(values, 1)), _text(_cell(values, 2))
        if not code:
            problems.append(_("the national code is empty."))
        elif len(code) > 40:
            problems.append(_("the national code is longer than 40 characters."))
        if not name:
            problems.append(_("the name is empty."))
        if not field_name:
            problems.append(_("the field is empty."))
        level_text = _text(_cell(values, 3))
        level = self.levels.get(fold(level_text)) if level_text else ProcedureLevel.PROVINCE
        if level is None:
            problems.append(_("the level “%(value)s” is not Trung ương, Tỉnh or Xã.") % {"value": level_text})
        agency_text = _text(_cell(values, 4))
        agency = self.unit(agency_text) if agency_text else None
        if agency_text and agency is None:
            problems.append(_("no unit is named “%(value)s”.") % {"value": agency_text})
        days = _whole(_cell(values, 5))
        if days is None:
            problems.append(
                _("the time limit “%(value)s” is not a whole number of working days.")
                % {"value": _text(_cell(values, 5))}
            )
        mode_text = _text(_cell(values, 7))
        mode = self.modes.get(fold(mode_text)) if mode_text else OnlineMode.NONE
        if mode is None:
            problems.append(
                _("the online mode “%(value)s” is not Toàn trình, Một phần or Không trực tuyến.") % {"value": mode_text}
            )
        legacy_text = _text(_cell(values, 8))
        legacy = _whole(legacy_text) if legacy_text else None
        if legacy_text and legacy not in (1, 2, 3, 4):
            problems.append(_("the old level “%(value)s” is not 1, 2, 3 or 4.") % {"value": legacy_text})
        postal = _yes_no(_cell(values, 9), True)
        if postal is None:
            problems.append(_("“postal service allowed” must be Có or Không."))
        active = _yes_no(_cell(values, 11), True)
        if active is None:
            problems.append(_("“in force” must be Có or Không."))
        data = {
            "code": code,
            "name": name,
            "field": field_name,
            "level": level,
            "agency": agency,
            "time_limit_days": days,
            "fees": _text(_cell(values, 6)),
            "online_mode": mode,
            "legacy_level": legacy,
            "postal_allowed": postal,
            "legal_basis": _text(_cell(values, 10)),
            "is_active": active,
        }
        return data, problems

    def steps(
        self, rows: list[tuple[int, list[Any]]], errors: list[RowError]
    ) -> dict[str, list[tuple[int, int, StepSpec]]]:
        """Steps by national code: (row number, order, step); bad rows go to `errors`."""
        found: dict[str, list[tuple[int, int, StepSpec]]] = {}
        for number, values in rows:
            problems: list[str] = []
            code = _text(_cell(values, 0))
            if not code:
                problems.append(_("the national code is empty."))
            order = _whole(_cell(values, 1))
            if order is None or order < 1:
                problems.append(_("the order “%(value)s” is not a whole number.") % {"value": _text(_cell(values, 1))})
            agency = self.unit(_cell(values, 2))
            if agency is None:
                problems.append(_("no unit is named “%(value)s”.") % {"value": _text(_cell(values, 2))})
            days = _whole(_cell(values, 3))
            if days is None or days < 1:
                problems.append(
                    _("the working days “%(value)s” are not a whole number of at least 1.")
                    % {"value": _text(_cell(values, 3))}
                )
            title = _text(_cell(values, 4))
            if problems:
                errors.append(RowError(self.step_sheet, number, " ".join(problems)))
                found.setdefault(code, []).append((number, 0, StepSpec(agency=Unit(), days=0)))  # marks the code bad
                continue
            assert agency is not None and order is not None and days is not None  # noqa: S101 - checked above
            found.setdefault(code, []).append((number, order, StepSpec(agency=agency, days=days, title=title)))
        return found


def import_workbook(*, actor: Actor, uploaded: UploadedFile) -> ImportResult:
    """Create or update the catalogue from an uploaded workbook; valid rows land, bad rows are reported."""
    sheets = read_upload(uploaded)
    parser = _Parser()
    result = ImportResult()
    steps_by_code = parser.steps(sheets.steps, result.errors) if sheets.steps is not None else None
    existing = {p.code: p for p in Procedure.objects.all()}
    seen: set[str] = set()
    listed = {_text(_cell(values, 0)) for _n, values in sheets.procedures}
    if steps_by_code is not None:
        for code, entries in steps_by_code.items():
            if code and code not in listed:
                for number, _order, _spec in entries:
                    result.errors.append(
                        RowError(
                            parser.step_sheet,
                            number,
                            _("the procedure %(code)s is not on the sheet of procedures.") % {"code": code},
                        )
                    )
    for number, values in sheets.procedures:
        data, problems = parser.procedure(values)
        code = data["code"]
        if code and code in seen:
            problems.append(_("the national code %(code)s appears twice.") % {"code": code})
        seen.add(code)
        steps: Any = None
        if steps_by_code is not None and not problems:
            entries = sorted(steps_by_code.get(code, []), key=lambda e: e[1])
            if any(order == 0 for _n, order, _s in entries):
                problems.append(_("its steps have errors on the sheet of steps."))
            elif len({order for _n, order, _s in entries}) != len(entries):
                problems.append(_("two of its steps have the same order."))
            else:
                steps = [spec for _n, _o, spec in entries]
        if problems:
            result.errors.append(RowError(parser.procedure_sheet, number, " ".join(problems)))
            continue
        if steps_by_code is not None:
            data["steps"] = steps
        try:
            with transaction.atomic():
                procedure = existing.get(code)
                if procedure is None:
                    existing[code] = procedure_create(actor=actor, **data)
                    result.created += 1
                else:
                    version = procedure.version
                    procedure_update(actor=actor, procedure=procedure, version=version, **data)
                    if procedure.version != version:
                        result.updated += 1
                    else:
                        result.unchanged += 1
        except ValidationError as exc:
            result.errors.append(RowError(parser.procedure_sheet, number, _messages(exc)))
    result.errors.sort(key=lambda e: (e.sheet != parser.procedure_sheet, e.row))
    if result.created or result.updated:
        audit_record(
            actor=actor,
            action=CatalogueAudit.PROCEDURE_IMPORT,
            object_type="onestop.procedure",
            object_repr=uploaded.name or "",
            after={
                "file": uploaded.name or "",
                "sha256": sheets.digest,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "errors": len(result.errors),
            },
        )
    return result
