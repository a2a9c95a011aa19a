"""Text helpers shared by every app."""

import unicodedata


def fold(text: str) -> str:
    """Lower-case text without Vietnamese diacritics, so "tuyen quang" matches "Tuyên Quang"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())
