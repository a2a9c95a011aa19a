"""Writing spreadsheets safely: text from people is written as text, never as a live formula.

openpyxl turns a string starting with "=" into a formula; a unit renamed `=HYPERLINK(...)` (or a
criterion name starting with "+", "-" or "@") would then run in the reader's Excel. Every cell
written from data goes through `write_cell` / `append_row`: strings are stored as strings
(data type "s"), numbers stay numbers.
"""

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.worksheet.worksheet import Worksheet

TEXT = "s"


def as_text(cell: Cell) -> Cell:
    """Keep a string cell a string, whatever its first character."""
    if isinstance(cell.value, str):
        cell.data_type = TEXT
    return cell


def write_cell(sheet: Worksheet, row: int, column: int, value: Any) -> Cell:
    """`sheet.cell(row, column, value)`, with text written as text."""
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    return as_text(cell)


def append_row(sheet: Worksheet, values: Iterable[Any]) -> None:
    """`sheet.append(values)`, with text written as text."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        as_text(cell)
