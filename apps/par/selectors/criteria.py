"""Reads of the criteria-set pages: the list of sets, a set's tree, its not-applicable marks and
the mapping to last year's criteria. Each keeps a fixed number of queries whatever the set's size."""

from typing import Any

from django.db.models import Count, Exists, OuterRef
from django.http import Http404

from apps.core.input_bounds import MAX_DB_INT
from apps.org.models import Unit
from apps.par.models import CriteriaSet, Criterion, CriterionExclusion, PeriodStatus, ScoringPeriod
from apps.par.services.criteria import code_sort_key, previous_set, tree_order


def criteria_set_list() -> list[CriteriaSet]:
    """Every set with its node count and whether an open or a published period uses it (one query)."""
    periods = ScoringPeriod.objects.filter(criteria_set=OuterRef("pk"))
    return list(
        CriteriaSet.objects.select_related("group")
        .annotate(
            node_count=Count("nodes"),
            in_open_period=Exists(periods.filter(status=PeriodStatus.OPEN)),
            in_published_period=Exists(periods.filter(status=PeriodStatus.PUBLISHED)),
        )
        .order_by("-year", "group__name")
    )


def criteria_set_nodes(*, criteria_set: CriteriaSet, with_predecessor: bool = False) -> list[Criterion]:
    """The set's nodes in tree order (depth-first), in one query."""
    nodes = criteria_set.nodes.all()
    if with_predecessor:
        nodes = nodes.select_related("predecessor")
    return tree_order(nodes)


def criterion_of_set(*, criteria_set: CriteriaSet, pk: Any) -> Criterion:
    """A node given in a query string or a form must belong to the set of the page (else 404)."""
    try:
        return criteria_set.nodes.get(pk=int(pk))
    except (Criterion.DoesNotExist, TypeError, ValueError, OverflowError) as exc:
        raise Http404 from exc


def criterion_children_count(*, criteria_set: CriteriaSet, parent: Criterion | None) -> int:
    """How many nodes sit directly under `parent` (or at the top level), to propose the next code."""
    return criteria_set.nodes.filter(parent=parent).count()


def criterion_has_children(*, criterion: Criterion) -> bool:
    return criterion.children.exists()


def criteria_map_nodes(*, criteria_set: CriteriaSet) -> tuple[CriteriaSet | None, list[Criterion], list[Criterion]]:
    """Last year's set of the group (or None), this set's nodes and last year's, both in tree order."""
    previous = previous_set(criteria_set)
    nodes = tree_order(criteria_set.nodes.all())
    old_nodes = tree_order(previous.nodes.all()) if previous else []
    return previous, nodes, old_nodes


def criterion_exclusion_list(*, criteria_set: CriteriaSet, unit_filter: str = "") -> list[CriterionExclusion]:
    """The set's not-applicable marks (of one unit when `unit_filter` is its id), by unit then code.

    A number too large to be an id matches no unit, like any unknown id."""
    exclusions = CriterionExclusion.objects.filter(criterion__criteria_set=criteria_set).select_related(
        "criterion", "unit"
    )
    if unit_filter.isdigit():
        exclusions = (
            exclusions.filter(unit_id=int(unit_filter)) if int(unit_filter) <= MAX_DB_INT else exclusions.none()
        )
    return sorted(exclusions, key=lambda e: (e.unit.sort_order, e.unit.name, code_sort_key(e.criterion.code)))


def criteria_set_units(*, criteria_set: CriteriaSet) -> list[Unit]:
    """The units of the set's group (the units a criterion may not apply to)."""
    return list(criteria_set.group.units.all())
