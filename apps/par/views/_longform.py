"""Long forms worked through by area: the jump menu of the self-assessment and appraisal pages.

Each area (a top-level criterion) carries its progress (filled or appraised / total) and the
criteria still missing, each a link to its leaf. static/js/par-longform.js recomputes the same
figures in the browser from the leaves' data-par-state after every htmx save.
"""

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class MissingItem:
    code: str
    anchor: str  # the leaf's element id


@dataclass
class AreaNav:
    key: str  # "area-<pk>", the section's element id
    pk: int | None
    code: str
    name: str
    done: int = 0
    total: int = 0
    acceptable: int = 0  # appraisal: what "accept all remaining in this area" would accept
    attention: bool = False  # self-assessment: an appraiser changed a score or asks to explain
    missing: list[MissingItem] = field(default_factory=list)
    to_explain: list[MissingItem] = field(default_factory=list)  # self-assessment: asked to explain
    items: list[Any] = field(default_factory=list)  # what the section shows (page items or leaves)
    head: Any = None  # the area's own page item (self-assessment) or node (appraisal)

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def folded(self) -> bool:
        """Shown folded at first: nothing missing and nothing the unit should look at."""
        return self.complete and not self.attention

    @property
    def leaves(self) -> list[Any]:
        return self.items

    @property
    def remaining(self) -> int:
        return self.total - self.done

    def count(self, code: str, anchor: str, state: str) -> None:
        if state == "done":
            self.done += 1
            self.total += 1
        elif state == "missing":
            self.total += 1
            self.missing.append(MissingItem(code, anchor))


def self_leaf_state(leaf: dict[str, Any]) -> str:
    """ "missing", "done" or "" (not the unit's to fill: measured, not applicable) for one leaf of
    the self-assessment page, as apps.par.services.assessments.missing_items judges a submission."""
    if leaf["excluded_reason"] or leaf["kind"] in ("metric", "none"):
        return ""
    if leaf["score"].self_points is None or leaf["lacks_evidence"]:
        return "missing"
    return "done"


def mark_self_progress(leaves: dict[int, dict[str, Any]], *, explaining: bool = False) -> None:
    """Give each leaf of the self-assessment page its "progress" (the leaf fragment's data-par-state)
    and, while the unit is asked to explain, whether it is one of the criteria to explain (once
    everything is scored, "next" leads to those)."""
    for leaf in leaves.values():
        leaf["progress"] = self_leaf_state(leaf)
        leaf["to_explain"] = bool(
            explaining
            and leaf["show_appraisal"]
            and not leaf["excluded_reason"]
            and leaf["score"].explanation_requested
        )


def _appraisal_news(leaf: dict[str, Any]) -> bool:
    score = leaf["score"]
    if not leaf["show_appraisal"]:
        return False
    adjusted = any(p is not None and p != score.self_points for p in (score.round1_points, score.round2_points))
    return bool(score.explanation_requested or adjusted)


def self_areas(items: list[dict[str, Any]]) -> list[AreaNav]:
    """The self-assessment page's items (tree order) cut into one section per top-level criterion."""
    areas: list[AreaNav] = []
    for item in items:
        node = item["node"]
        if node.parent_id is None or not areas:
            area = AreaNav(key=f"area-{node.pk}", pk=node.pk, code=node.code, name=node.name)
            areas.append(area)
            if node.parent_id is None and not item["is_leaf"]:
                area.head = item
                continue
        area = areas[-1]
        area.items.append(item)
        leaf = item["leaf"]
        if item["is_leaf"] and leaf:
            area.count(node.code, f"leaf-{leaf['score'].pk}", leaf.get("progress") or self_leaf_state(leaf))
            area.attention = area.attention or _appraisal_news(leaf)
            if leaf.get("to_explain"):
                area.to_explain.append(MissingItem(node.code, f"leaf-{leaf['score'].pk}"))
    return areas


def appraisal_areas(grouped: list[tuple[Any, list[Any]]]) -> list[AreaNav]:
    """The appraisal page's leaves by area (node, leaves), with what is appraised in the current round."""
    areas = []
    for node, leaves in grouped:
        area = AreaNav(
            key=f"area-{node.pk}" if node is not None else "area-other",
            pk=node.pk if node is not None else None,
            code=node.code if node is not None else "",
            name=node.name if node is not None else "",
            items=leaves,
            head=node,
        )
        for leaf in leaves:
            area.count(leaf.criterion.code, f"leaf-{leaf.score.pk}", leaf.progress)
            if leaf.acceptable:
                area.acceptable += 1
        areas.append(area)
    return areas
