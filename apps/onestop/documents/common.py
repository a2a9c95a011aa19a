"""Pieces every form's context uses: the header's agency lines, dates as the forms print them, the
QR code of the look-up page, and the receipt slots other modules fill through a hook.

The forms are Vietnamese documents whatever the reader's language, so their words are written here
in Vietnamese (as PAR's Word documents do), not translated.
"""

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.core import hooks
from apps.core.decree30 import MOTTO, NATIONAL_TITLE, place_date
from apps.org.models import Unit, UnitKind

RECEIPT_DOCUMENT = "onestop.form01"
LOCAL_UNITS = (UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE)
KIND_NAMES = {"original": "Bản chính", "certified_copy": "Bản sao chứng thực", "copy": "Bản sao"}
DELIVERY_NAMES = {
    "counter": "Nhận trực tiếp tại Bộ phận Một cửa",
    "postal": "Qua dịch vụ bưu chính công ích",
    "online": "Trực tuyến",
}
TIMING_NAMES = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
CHANNEL_NAMES = {"in_person": "Trực tiếp", "online": "Trực tuyến", "postal": "Bưu chính công ích"}


def province() -> tuple[str, str]:
    """(name, place) of the province, the root unit: ("Tỉnh Tuyên Quang", "Tuyên Quang"). One query."""
    unit = Unit.objects.filter(kind=UnitKind.PROVINCE, parent__isnull=True).order_by("pk").first()
    if unit is None:
        return "Tỉnh", ""
    place = unit.short_name or unit.name
    for prefix in ("Tỉnh ", "tỉnh ", "Thành phố ", "thành phố "):
        place = place.removeprefix(prefix)
    return unit.name, place


def agency_lines(unit: Unit | None, province_name: str) -> tuple[str, str]:
    """(superior, agency) of the header, upper case: a commune's one-stop section under its committee;
    a provincial centre or department under the provincial committee."""
    if unit is None:
        return f"UBND {province_name}".upper(), ""
    if unit.kind in LOCAL_UNITS:
        return f"UBND {unit.name}".upper(), "BỘ PHẬN MỘT CỬA"
    return f"UBND {province_name}".upper(), unit.name.upper()


def dmy(value: date | datetime | None) -> str:
    """dd/mm/yyyy in Vietnam's time; empty for none."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def moment(value: datetime | None) -> str:
    """ "14 giờ 05 phút, ngày 13/02/2026" in Vietnam's time."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{local.hour:02d} giờ {local.minute:02d} phút, ngày {dmy(local.date())}"


def header(unit: Unit | None, day: date | None) -> dict[str, str]:
    """The Decree 30 header's values: superior, agency, national title, motto, place and date."""
    name, place = province()
    superior, agency = agency_lines(unit, name)
    return {
        "superior": superior,
        "agency": agency,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "place_date": place_date(place, day),
    }


def site_url(path: str) -> str:
    """An absolute URL on this site (settings.SITE_URL), as notifications build their links."""
    return settings.SITE_URL.rstrip("/") + path


def lookup_url(code: str) -> str:
    """The citizen's look-up page for a dossier, absolute: /tra-cuu-ho-so/?ma=<code>."""
    return site_url("/tra-cuu-ho-so/") + "?" + urlencode({"ma": code})


def qr_png(url: str) -> bytes:
    from io import BytesIO

    out = BytesIO()
    segno.make(url, error="m").save(out, kind="png", scale=6, border=2)
    return out.getvalue()


def qr_data_uri(url: str) -> str:
    """A PNG data URI (the CSP allows img-src data:)."""
    return str(segno.make(url, error="m").png_data_uri(scale=4, border=2))


def receipt_slots(dossier: Any) -> list[dict[str, str]]:
    """What other modules print on form 01 (a survey link): title, text, url; never an import of them."""
    slots = []
    for slot in hooks.get(hooks.RECEIPT_SLOTS):
        if slot.document != RECEIPT_DOCUMENT:
            continue
        content = slot.render(
            dossier_code=dossier.code,
            unit_id=dossier.receiving_unit_id,
            procedure_code=dossier.procedure.code,
            received_at=dossier.received_at,
        )
        if not content:
            continue
        url = str(content.get("url") or "")
        if url.startswith("/"):
            url = site_url(url)
        slots.append({"title": str(content.get("title") or ""), "text": str(content.get("text") or ""), "url": url})
    return slots


def form_url(name: str, **kwargs: Any) -> str:
    return reverse(f"onestop:{name}", kwargs=kwargs)
