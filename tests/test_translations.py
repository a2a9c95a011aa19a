"""The Vietnamese catalogue is complete: every UI string has a translation, none is fuzzy."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_it_has_no_untranslated_or_fuzzy_vietnamese_entries() -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"{len(missing)} untranslated, e.g. {missing[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, e.g. {fuzzy[:5]}"


def test_it_keeps_placeholders_in_translations() -> None:
    catalogue = polib.pofile(str(CATALOGUE))
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|\{\w*\}|%[sd]")
    broken = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            continue
        if sorted(placeholder.findall(entry.msgid)) != sorted(placeholder.findall(entry.msgstr)):
            broken.append(entry.msgid)
    assert not broken, broken[:5]


@pytest.mark.parametrize(("language", "expected"), [("vi", "Đăng nhập"), ("en", "Sign in")])
def test_it_translates_the_interface(language: str, expected: str) -> None:
    with translation.override(language):
        assert translation.gettext("Sign in") == expected
