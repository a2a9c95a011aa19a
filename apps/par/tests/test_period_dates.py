"""Fix 10: period deadlines are real dates of this century; 01/01/0001 is refused with a message."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.par.models import ScoringPeriod
from apps.par.services.periods import period_update
from apps.par.tests.factories import build_set, group_of, open_period
from apps.par.tests.test_periods_open import form_data
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_refuses_a_deadline_in_year_one_on_the_page(secretariat: Any, unit_a: Any, unit_b: Any) -> None:
    group = group_of(unit_a, unit_b)
    data = form_data(group, build_set(group), self_assessment_deadline="01/01/0001")
    response = client_for(secretariat).post(reverse("par:period_create"), data)
    assert response.status_code == 400
    assert "between 2000 and 2100" in response.content.decode()
    assert not ScoringPeriod.objects.exists()


def test_it_refuses_a_deadline_past_2100_in_the_service(secretariat: Any, unit_a: Any, unit_b: Any) -> None:
    group = group_of(unit_a, unit_b)
    period = open_period(group, build_set(group), actor=secretariat)
    with pytest.raises(ValidationError, match="between 2000 and 2100"):
        period_update(actor=secretariat, period=period, version=period.version, explanation_deadline=date(2999, 1, 1))
    period.refresh_from_db()
    assert period.explanation_deadline == date(2026, 2, 28)
