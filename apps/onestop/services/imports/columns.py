"""The column mapping of an imported file: Vietnamese headers as provincial one-stop systems export
them, with English aliases, and the parsing of each cell (dates dd/mm/yyyy hh:mm, channels, states,
yes/no). Documented in docs/onestop-import.md; keep the two in step.
"""

import re
from collections.abc import Mapping
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.text import fold as _fold_text
from apps.onestop.models import Channel, DossierState, ResultDelivery


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """`apps.core.text.fold`, remembered: a file repeats the same few channels, states and yes/no."""
    return _fold_text(text)


class CellError(ValueError):
    """A cell that cannot be read; the message (translated) goes to the row's report."""


# field -> the headers that name it (compared folded: no diacritics, lower case, single spaces).
COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("Mã hồ sơ", "Số hồ sơ", "code", "dossier code", "dossier_code"),
    "procedure": ("Mã thủ tục", "Mã TTHC", "procedure", "procedure code", "procedure_code"),
    "office": ("Đơn vị tiếp nhận", "Mã đơn vị tiếp nhận", "office", "agency code", "agency_code"),
    "resolving": ("Cơ quan giải quyết", "Cơ quan chủ trì", "resolving agency", "resolving_agency"),
    "applicant_name": ("Người nộp", "Chủ hồ sơ", "Tên người nộp", "applicant", "applicant name", "applicant_name"),
    "applicant_phone": ("Số điện thoại", "Điện thoại", "phone", "applicant_phone"),
    "applicant_email": ("Email", "Thư điện tử", "e-mail", "applicant_email"),
    "applicant_address": ("Địa chỉ", "address", "applicant_address"),
    "channel": ("Kênh nộp", "Hình thức nộp", "channel"),
    "received_at": ("Ngày tiếp nhận", "Thời gian tiếp nhận", "received", "received at", "received_at"),
    "due_date": ("Ngày hẹn trả", "Hẹn trả", "appointment", "due date", "due_date"),
    "resolved_at": ("Ngày có kết quả", "Ngày giải quyết", "resolved", "resolved at", "resolved_at"),
    "returned_at": ("Ngày trả kết quả", "returned", "returned at", "returned_at"),
    "finished_at": ("Ngày kết thúc", "closed", "closed at", "finished_at"),
    "state": ("Trạng thái", "Tình trạng", "state", "status"),
    "supplement_count": ("Số lần bổ sung", "supplements", "supplement requests", "supplement_count"),
    "paused_days": ("Số ngày tạm dừng", "Số ngày chờ bổ sung", "paused days", "paused_days"),
    "apologised": ("Xin lỗi", "Ngày xin lỗi", "apology", "apologised", "apologised_at"),
    "apology_reason": ("Lý do xin lỗi", "Lý do trễ hạn", "apology reason", "apology_reason"),
    "result_delivery": ("Hình thức trả kết quả", "Nhận kết quả", "result delivery", "result_delivery"),
    "paid_online": ("Thanh toán trực tuyến", "paid online", "paid_online"),
    "digitised": ("Số hóa", "Đã số hóa", "digitised", "digitized"),
    "synced": ("Đồng bộ", "Đồng bộ cổng quốc gia", "synced", "synchronised"),
    "result_electronic": ("Kết quả điện tử", "electronic result", "result_electronic"),
}
REQUIRED = ("code", "procedure", "applicant_name", "received_at")
_HEADERS = {fold(name): field for field, names in COLUMNS.items() for name in names}

_CHANNELS = {
    "truc tiep": Channel.IN_PERSON,
    "in person": Channel.IN_PERSON,
    "in_person": Channel.IN_PERSON,
    "1": Channel.IN_PERSON,
    "truc tuyen": Channel.ONLINE,
    "online": Channel.ONLINE,
    "dvc truc tuyen": Channel.ONLINE,
    "2": Channel.ONLINE,
    "buu chinh": Channel.POSTAL,
    "buu chinh cong ich": Channel.POSTAL,
    "postal": Channel.POSTAL,
    "3": Channel.POSTAL,
}
_DELIVERIES = {
    "tai quay": ResultDelivery.COUNTER,
    "truc tiep": ResultDelivery.COUNTER,
    "counter": ResultDelivery.COUNTER,
    "buu chinh": ResultDelivery.POSTAL,
    "postal": ResultDelivery.POSTAL,
    "truc tuyen": ResultDelivery.ONLINE,
    "online": ResultDelivery.ONLINE,
}
_STATES = {
    "da tiep nhan": DossierState.RECEIVED,
    "moi tiep nhan": DossierState.RECEIVED,
    "dang xu ly": DossierState.PROCESSING,
    "dang giai quyet": DossierState.PROCESSING,
    "cho bo sung": DossierState.SUPPLEMENT,
    "yeu cau bo sung": DossierState.SUPPLEMENT,
    "tu choi": DossierState.REFUSED,
    "tra lai": DossierState.REFUSED,
    "dung xu ly": DossierState.STOPPED,
    "dung giai quyet": DossierState.STOPPED,
    "da co ket qua": DossierState.RESOLVED,
    "da giai quyet": DossierState.RESOLVED,
    "cho tra ket qua": DossierState.RESOLVED,
    "da tra ket qua": DossierState.RETURNED,
    "rut ho so": DossierState.WITHDRAWN,
    "cong dan rut ho so": DossierState.WITHDRAWN,
    **{value: value for value in DossierState.values},
}
_YES = frozenset({"co", "x", "1", "yes", "true", "dung", "da"})
_NO = frozenset({"", "khong", "0", "no", "false", "chua"})
_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2})[:hH](\d{2})(?::(\d{2}))?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def field_of(header: Any) -> str | None:
    """The field a header names, or None for a column we do not read."""
    return _HEADERS.get(fold(str(header or "")))


def map_headers(headers: list[Any]) -> tuple[dict[int, str], list[str]]:
    """(column index -> field, the required fields missing). A field named twice: the first column wins."""
    mapping: dict[int, str] = {}
    seen: set[str] = set()
    for index, header in enumerate(headers):
        field = field_of(header)
        if field and field not in seen:
            mapping[index] = field
            seen.add(field)
    return mapping, [field for field in REQUIRED if field not in seen]


def header_label(field: str) -> str:
    """The Vietnamese header of a field, for messages."""
    return COLUMNS[field][0]


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def moment(value: Any, label: str) -> datetime | None:
    """A date and time (dd/mm/yyyy hh:mm, dd/mm/yyyy, ISO, or an Excel date) in local time, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=_tz())
    if isinstance(value, date):
        return datetime.combine(value, time(8, 0), tzinfo=_tz())
    raw = text(value)
    if not raw:
        return None
    match = _DATE.match(raw)
    try:
        if match:
            d, m, y, hh, mm, ss = match.groups()
            return datetime(int(y), int(m), int(d), int(hh or 8), int(mm or 0), int(ss or 0), tzinfo=_tz())
        match = _ISO.match(raw)
        if match:
            y, m, d, hh, mm, ss = match.groups()
            return datetime(int(y), int(m), int(d), int(hh or 8), int(mm or 0), int(ss or 0), tzinfo=_tz())
    except ValueError:
        pass
    raise CellError(
        _("“%(column)s” is not a date (dd/mm/yyyy hh:mm): %(value)s") % {"column": label, "value": raw[:40]}
    )


def day(value: Any, label: str) -> date | None:
    when = moment(value, label)
    return when.date() if when is not None else None


def choice(value: Any, table: Mapping[str, str], label: str) -> str | None:
    raw = text(value)
    if not raw:
        return None
    found = table.get(fold(raw))
    if found is None:
        raise CellError(_("“%(column)s” has an unknown value: %(value)s") % {"column": label, "value": raw[:40]})
    return found


def channel(value: Any) -> str:
    return choice(value, _CHANNELS, header_label("channel")) or Channel.IN_PERSON


def delivery(value: Any) -> str | None:
    return choice(value, _DELIVERIES, header_label("result_delivery"))


def state(value: Any) -> str | None:
    return choice(value, _STATES, header_label("state"))


def flag(value: Any, label: str) -> bool:
    if isinstance(value, bool):
        return value
    raw = fold(text(value))
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError(_("“%(column)s” should be Có or Không: %(value)s") % {"column": label, "value": text(value)[:40]})


def apology(value: Any) -> tuple[bool, datetime | None]:
    """The "Xin lỗi" cell: Có/Không, or the date the apology was issued."""
    if isinstance(value, datetime | date):
        return True, moment(value, header_label("apologised"))
    raw = text(value)
    if fold(raw) in _YES | _NO:
        return fold(raw) in _YES, None
    return True, moment(raw, header_label("apologised"))


def count(value: Any, label: str, *, limit: int = 99) -> int:
    raw = text(value)
    if not raw:
        return 0
    if not raw.isdigit() or int(raw) > limit:
        raise CellError(
            _("“%(column)s” should be a whole number from 0 to %(max)d: %(value)s")
            % {"column": label, "max": limit, "value": raw[:40]}
        )
    return int(raw)
