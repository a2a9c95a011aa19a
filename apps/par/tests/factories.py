"""Builders for PAR tests: a small criteria set, an opened period."""

from datetime import date
from decimal import Decimal
from typing import Any

from apps.org.models import Unit, UnitGroup
from apps.par.models import CriteriaSet, Criterion
from apps.par.services.periods import period_open

D = Decimal


def build_set(group: UnitGroup, year: int = 2025, spec: list[tuple[Any, ...]] | None = None) -> CriteriaSet:
    """spec rows: (code, name, max, method or None for a parent, evidence_required, kind).
    The parent of "1.2" is "1"; of "1.2.3" is "1.2"."""
    criteria_set = CriteriaSet.objects.create(year=year, group=group, name=f"Bộ tiêu chí {year}")
    spec = spec or SMALL_SET
    by_code: dict[str, Criterion] = {}
    for order, (code, name, maximum, method, evidence, kind) in enumerate(spec):
        parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
        by_code[code] = Criterion.objects.create(
            criteria_set=criteria_set,
            parent=parent,
            code=code,
            name=name,
            depth=code.count(".") + 1,
            max_points=D(str(maximum)),
            method=method or {"type": "sum"},
            evidence_required=evidence,
            kind=kind,
            sort_order=order,
        )
    return criteria_set


# Two areas of 10 and 5 points, a bonus area of 2 and a penalty area of 2.
SMALL_SET: list[tuple[Any, ...]] = [
    ("1", "Công tác chỉ đạo, điều hành", 10, None, False, "normal"),
    ("1.1", "Kế hoạch CCHC năm", 4, {"type": "manual", "step": "0.25"}, True, "normal"),
    ("1.2", "Báo cáo CCHC đúng hạn", 3, {"type": "deduction", "per_occurrence": "0.5"}, False, "normal"),
    (
        "1.3",
        "Tổ chức kiểm tra CCHC",
        3,
        {"type": "tiers", "tiers": [{"min_ratio": "1", "share": "1"}, {"min_ratio": "0.8", "share": "0.5"}]},
        False,
        "normal",
    ),
    ("2", "Cải cách thủ tục hành chính", 5, None, False, "normal"),
    (
        "2.1",
        "Tỷ lệ hồ sơ đúng hạn",
        3,
        {"type": "metric", "metric": "directives.on_time_rate", "then": {"type": "proportional", "full_at": "1"}},
        False,
        "normal",
    ),
    ("2.2", "Công khai TTHC", 2, {"type": "done"}, True, "normal"),
    ("9", "Điểm thưởng, điểm trừ", 2, None, False, "bonus"),
    ("9.1", "Sáng kiến được công nhận", 2, {"type": "manual", "step": "0.5"}, False, "bonus"),
    ("10", "Điểm trừ", 2, None, False, "penalty"),
    ("10.1", "Vi phạm bị phê bình", 2, {"type": "manual", "step": "0.5"}, False, "penalty"),
]


def open_period(group: UnitGroup, criteria_set: CriteriaSet, actor: Any = "test", **extra: Any) -> Any:
    defaults = {
        "name": f"Chỉ số CCHC năm {criteria_set.year}",
        "self_assessment_deadline": date(2026, 1, 15),
        "appraisal_deadline": date(2026, 2, 15),
        "explanation_deadline": date(2026, 2, 28),
        "survey_points": D("0"),
        "bonus_cap": D("2"),
        "penalty_cap": D("2"),
    }
    defaults.update(extra)
    return period_open(actor=actor, group=group, criteria_set=criteria_set, **defaults)


def group_of(*units: Unit, code: str = "so-ban-nganh") -> UnitGroup:
    group = UnitGroup.objects.create(code=code, name="Sở, ban, ngành")
    group.units.set(units)
    return group
