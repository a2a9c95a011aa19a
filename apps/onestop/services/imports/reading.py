"""Reading an uploaded file: CSV (UTF-8 with or without BOM, comma or semicolon) or Excel (.xlsx,
openpyxl read-only). Both give the header row and then (line number, cells) for each data row."""

import codecs
import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from django.utils.translation import gettext as _

from apps.onestop.services.imports.columns import CellError

EXTENSIONS = (".csv", ".xlsx")
MAX_BYTES = 50 * 1024 * 1024  # 50 MB


class FileError(ValueError):
    """The file as a whole cannot be read (wrong type, bad encoding, no header)."""


def kind_of(name: str) -> str:
    lowered = (name or "").lower()
    for extension in EXTENSIONS:
        if lowered.endswith(extension):
            return extension[1:]
    raise FileError(_("Upload a .csv or .xlsx file."))


def read_table(handle: IO[bytes], kind: str) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    """(headers, rows): rows are (line number in the file, cells); empty rows are skipped."""
    if kind == "csv":
        return _csv(handle)
    return _xlsx(handle)


def _csv(handle: IO[bytes]) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    head = handle.read(64 * 1024)
    handle.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    try:
        first = head.decode("utf-8", errors="strict" if len(head) < 64 * 1024 else "ignore").splitlines()[0:1]
    except UnicodeDecodeError:
        raise FileError(_("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again.")) from None
    if not first:
        raise FileError(_("The file is empty."))
    delimiter = ";" if first[0].count(";") > first[0].count(",") else ","
    stream = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        headers = next(reader)
    except (StopIteration, UnicodeDecodeError):
        raise FileError(_("The file is empty.")) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for cells in reader:
                if any(cell.strip() for cell in cells):
                    yield reader.line_num, cells
        except UnicodeDecodeError:
            raise CellError(_("The file is not UTF-8 text from here on.")) from None
        except csv.Error as exc:
            raise CellError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from None

    return headers, rows()


def _xlsx(handle: IO[bytes]) -> tuple[list[Any], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileError(_("The file is not a valid Excel workbook (.xlsx).")) from None
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        headers = list(next(iterator))
    except StopIteration:
        raise FileError(_("The file is empty.")) from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        for line, cells in enumerate(iterator, start=2):
            if any(cell not in (None, "") for cell in cells):
                yield line, list(cells)
        workbook.close()

    return headers, rows()
