"""Dossier codes: `{agency}-{yymmdd}-{seq:04d}` by default (Circular 01/2018 art. 19), kept as data."""

import string
from datetime import date

FIELDS = frozenset({"agency", "yymmdd", "yyyymmdd", "seq"})


def validate_pattern(pattern: str) -> list[str]:
    """What is wrong with a code pattern (empty when it is usable): unknown fields, no `seq`."""
    problems: list[str] = []
    names = [name for _text, name, _spec, _conv in string.Formatter().parse(pattern) if name is not None]
    unknown = sorted(set(names) - FIELDS)
    if unknown:
        problems.append("unknown fields: " + ", ".join(unknown))
    if "seq" not in names:
        problems.append("the pattern has no {seq}")
    return problems


def format_code(pattern: str, *, agency: str, day: date, seq: int) -> str:
    """The code of the `seq`-th dossier received at `agency` on `day`; at least 4 digits of sequence."""
    if seq < 1:
        raise ValueError("the daily number starts at 1")
    return pattern.format(agency=agency, yymmdd=day.strftime("%y%m%d"), yyyymmdd=day.strftime("%Y%m%d"), seq=seq)
