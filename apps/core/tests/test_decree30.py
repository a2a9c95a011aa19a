"""The Decree 30 layout kit's line fitting: a conservative width estimate and agency names broken
where a clerk would break them."""

import pytest

from apps.core.decree30 import HEADER_CELL_MARGIN_MM, HEADER_LEFT_MM, fit_lines, place_date, text_width_mm

# Widths in em measured from Liberation Serif, metric-compatible with Times New Roman.
MEASURED = [
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, 20.862),
    ("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", True, 19.945),
    ("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", True, 23.917),
    ("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP TỈNH", True, 22.14),
    ("Độc lập - Tự do - Hạnh phúc", True, 12.242),
    ("UBND TỈNH TUYÊN QUANG", False, 12.971),
    ("Tuyên Quang, ngày 05 tháng 02 năm 2026", False, 17.11),
]
USABLE = HEADER_LEFT_MM - 2 * HEADER_CELL_MARGIN_MM


@pytest.mark.parametrize(("text", "bold", "ems"), MEASURED)
def test_it_never_underestimates_a_line_of_the_header(text: str, bold: bool, ems: float) -> None:
    real_mm = ems * 12 * 25.4 / 72
    assert real_mm <= text_width_mm(text, 12, bold=bold) <= real_mm * 1.12


def test_it_keeps_a_short_agency_on_one_line_at_13_pt() -> None:
    assert fit_lines("SỞ TƯ PHÁP", USABLE) == (13, ["SỞ TƯ PHÁP"])


def test_it_shrinks_to_12_pt_before_breaking_the_line() -> None:
    text = "SỞ CÔNG THƯƠNG TỈNH ABC"
    assert text_width_mm(text, 13, bold=True) > USABLE >= text_width_mm(text, 12, bold=True)
    assert fit_lines(text, USABLE) == (12, [text])


def test_it_breaks_before_the_level_word() -> None:
    assert fit_lines("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", USABLE) == (13, ["ỦY BAN NHÂN DÂN", "TỈNH TUYÊN QUANG"])
    assert fit_lines("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", USABLE) == (13, ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"])


def test_it_balances_a_long_name_without_a_level_word_that_fits() -> None:
    size, lines = fit_lines("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", USABLE)
    assert len(lines) == 2 and all(text_width_mm(line, size, bold=True) <= USABLE for line in lines)
    assert " ".join(lines) == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH"


def test_it_leaves_a_drafts_date_blank_for_the_signer() -> None:
    assert place_date("Tuyên Quang", None) == "Tuyên Quang, ngày      tháng      năm        "


def test_it_lowers_only_a_capitalised_word_inside_a_sentence() -> None:
    from apps.core.decree30 import lower_first

    assert lower_first("Tỉnh Tuyên Quang") == "tỉnh Tuyên Quang"
    assert lower_first("UBND xã, phường") == "UBND xã, phường"
    assert lower_first("") == ""
