"""`criteria_set_map_predecessors`: link a set's criteria to last year's, all at once."""

import pytest
from django.core.exceptions import ValidationError

from apps.core.models import AuditEvent
from apps.par.services import criteria as svc
from apps.par.tests.factories import build_set, group_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def sets(unit_a, unit_b, secretariat):  # type: ignore[no-untyped-def]
    last_year = build_set(group_of(unit_a, unit_b), year=2025)
    return last_year, svc.criteria_set_clone(actor=secretariat, source=last_year, year=2026)


def links(criteria_set) -> dict[str, str | None]:  # type: ignore[no-untyped-def]
    return {n.code: (n.predecessor.code if n.predecessor else None) for n in criteria_set.nodes.all()}


def test_it_saves_every_changed_link_and_audits_each(sets, secretariat) -> None:  # type: ignore[no-untyped-def]
    last_year, clone = sets
    old = {n.code: n for n in last_year.nodes.all()}
    new = {n.code: n for n in clone.nodes.all()}
    mapping = {n.pk: old[n.code] for n in new.values()}
    mapping[new["1.1"].pk] = old["1.2"]
    mapping[new["1.2"].pk] = None
    changed = svc.criteria_set_map_predecessors(actor=secretariat, criteria_set=clone, mapping=mapping)
    assert changed == 2
    assert links(clone)["1.1"] == "1.2" and links(clone)["1.2"] is None and links(clone)["1.3"] == "1.3"
    assert AuditEvent.objects.filter(action="par.criterion.map").count() == 2


def test_it_changes_nothing_when_one_link_is_refused(sets, secretariat) -> None:  # type: ignore[no-untyped-def]
    last_year, clone = sets
    before = links(clone)
    new = {n.code: n for n in clone.nodes.all()}
    mapping = {
        new["1.1"].pk: last_year.nodes.get(code="1.2"),  # a good link, saved first in tree order
        new["2.1"].pk: new["1.1"],  # this year's node is not last year's: refused
    }
    with pytest.raises(ValidationError):
        svc.criteria_set_map_predecessors(actor=secretariat, criteria_set=clone, mapping=mapping)
    assert links(clone) == before
    assert not AuditEvent.objects.filter(action="par.criterion.map").exists()


def test_it_refuses_a_node_of_another_set(sets, secretariat) -> None:  # type: ignore[no-untyped-def]
    last_year, clone = sets
    with pytest.raises(ValidationError) as excinfo:
        svc.criteria_set_map_predecessors(
            actor=secretariat, criteria_set=clone, mapping={last_year.nodes.get(code="1.1").pk: None}
        )
    assert "Only the criteria of this set" in " ".join(excinfo.value.messages)
