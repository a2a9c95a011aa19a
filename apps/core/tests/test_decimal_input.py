"""The one decimal parser: numbers typed the Vietnamese way ("1.234,5") or the machine way ("0.4")."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from apps.core.web.forms import VietDecimalField, parse_decimal

D = Decimal


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("0,4", D("0.4")),
        ("0.4", D("0.4")),
        ("1.234,5", D("1234.5")),
        ("1,234.5", D("1234.5")),
        ("1.234.567", D("1234567")),
        ("12 345,6", D("12345.6")),
        ("12\u00a0345,6", D("12345.6")),
        (" 95 ", D("95")),
        (",5", D("0.5")),
        ("-0,25", D("-0.25")),
        ("0,95", D("0.95")),
    ],
)
def test_it_reads_a_number_typed_either_way(typed: str, number: Decimal) -> None:
    assert parse_decimal(typed) == number


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_it_reads_a_blank_as_nothing(typed: str | None) -> None:
    assert parse_decimal(typed) is None


@pytest.mark.parametrize(
    "typed", ["abc", "1e5", "NaN", "Infinity", "1,2,3", "1.2.3", "1,", "0,4,", "12.34.5", "--1", "1.234,5.6"]
)
def test_it_refuses_what_is_not_a_number_with_a_vietnamese_message(typed: str) -> None:
    with translation.override("vi"), pytest.raises(ValueError, match="Nhập một số, ví dụ 0,5"):
        parse_decimal(typed)


def vietnamese(number: Decimal) -> str:
    """How a Vietnamese page writes a number: dots group thousands, a comma before the decimals."""
    whole, _, fraction = f"{number:f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


@given(st.decimals(min_value=D("0"), max_value=D("99999999"), places=4))
def test_it_reads_back_every_number_a_vietnamese_page_writes(number: Decimal) -> None:
    assert parse_decimal(vietnamese(number)) == number


@given(st.decimals(min_value=D("0"), max_value=D("99999999"), places=4))
def test_it_reads_back_every_number_a_machine_writes(number: Decimal) -> None:
    assert parse_decimal(f"{number:f}") == number


class _Form(forms.Form):
    value = VietDecimalField(label="Giá trị")


def test_the_form_field_is_a_text_input_with_the_decimal_keypad() -> None:
    html = str(_Form()["value"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html


def test_the_form_field_reads_the_decimal_comma_and_explains_a_refusal() -> None:
    typed = _Form({"value": "0,95"})
    assert typed.is_valid() and typed.cleaned_data["value"] == D("0.95")
    form = _Form({"value": "0,95,1"})
    assert not form.is_valid() and "0,5" in form.errors["value"][0]


class _Bounded(forms.Form):
    share = VietDecimalField(label="Tỷ lệ", min_value=D("0"), max_value=D("100"), decimal_places=2, required=False)


def test_the_form_field_checks_its_bounds_and_decimals() -> None:
    assert _Bounded({"share": "90,5"}).is_valid()
    assert not _Bounded({"share": "100,5"}).is_valid()
    assert not _Bounded({"share": "-1"}).is_valid()
    assert not _Bounded({"share": "1,125"}).is_valid()
    assert _Bounded({"share": ""}).is_valid()


def test_the_form_field_shows_a_decimal_as_it_would_be_typed() -> None:
    with translation.override("vi"):
        assert 'value="12,5"' in str(_Bounded(initial={"share": D("12.50")})["share"])
