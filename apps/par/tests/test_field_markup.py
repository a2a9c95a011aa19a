"""PAR pages render their form fields with the one shared include (`includes/_field.html`)."""

import re

import pytest
from django.urls import reverse

from apps.par.tests.factories import build_set, group_of
from conftest import client_for

pytestmark = pytest.mark.django_db


def _input(html: str, name: str) -> str:
    match = re.search(rf"<(?:input|textarea|select)[^>]*name=\"{name}\"[^>]*>", html)
    assert match, f"no field named {name}"
    return match.group(0)


def test_it_marks_an_invalid_criterion_field_and_shows_its_error(unit_a, unit_b, secretariat) -> None:  # type: ignore[no-untyped-def]
    criteria_set = build_set(group_of(unit_a, unit_b))
    data = {"code": "", "name": "Tiêu chí", "max_points": "2", "method_type": "manual", "kind": "normal"}
    response = client_for(secretariat).post(reverse("par:criterion_add", args=[criteria_set.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "is-invalid" in _input(html, "code") and "is-invalid" not in _input(html, "name")
    assert 'class="invalid-feedback d-block"' in html and "data-field-wrap" in html


def test_it_renders_the_copy_form_through_the_shared_include(unit_a, unit_b, secretariat) -> None:  # type: ignore[no-untyped-def]
    criteria_set = build_set(group_of(unit_a, unit_b))
    html = client_for(secretariat).get(reverse("par:criteria_detail", args=[criteria_set.pk])).content.decode()
    year = _input(html, "year")
    assert 'id="clone-year"' in year and f'value="{criteria_set.year + 1}"' in year and "form-control" in year
    assert '<label class="form-label" for="clone-year">' in html and 'for="clone-name"' in html
