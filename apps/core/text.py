"""Text helpers shared by every app."""

import re
import unicodedata

from django.db.models import Q

SEARCH_TEXT_MAX = 400
_SEPARATORS = re.compile(r"[^\w@.]+")


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, so "tuyen quang" matches "Tuyên Quang"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def search_document(*parts: str) -> str:
    """The folded words of `parts`, each preceded by a space, for a `search_text` column.

    Stored this way, a query word matches the start of a word ("tu" finds "Tư pháp" but "a"
    does not find every name that merely contains an a).
    """
    words = _SEPARATORS.sub(" ", fold(" ".join(p for p in parts if p))).split()
    return (" " + " ".join(words))[:SEARCH_TEXT_MAX]


def search_filter(field: str, query: str) -> Q:
    """Rows whose `field` (a search document) has a word starting with each word of the query."""
    condition = Q()
    for word in _SEPARATORS.sub(" ", fold(query)).split():
        condition &= Q(**{f"{field}__contains": " " + word})
    return condition
