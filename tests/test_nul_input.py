"""Text with a NUL character is refused with a message (PostgreSQL cannot store it), never a 500."""

import importlib

from django.urls import reverse

from conftest import client_for


def test_it_refuses_nul_in_an_api_query(focal_a) -> None:  # type: ignore[no-untyped-def]
    response = client_for(focal_a).get("/api/v1/org/units", {"q": "Tư\x00pháp"})
    assert response.status_code == 422


def test_it_refuses_nul_in_a_page_form_next_to_the_field(sysadmin, unit_a) -> None:  # type: ignore[no-untyped-def]
    url = reverse("org:unit_edit", args=[unit_a.pk])
    response = client_for(sysadmin).post(url, {"kind": unit_a.kind, "name": "Sở\x00Tư pháp", "version": unit_a.version})
    assert response.status_code == 400
    assert "Null characters are not allowed" in response.text
    unit_a.refresh_from_db()
    assert unit_a.name == "Sở Tư pháp"


def test_it_never_serves_uploads_directly_even_in_development(settings) -> None:  # type: ignore[no-untyped-def]
    """Evidence is private: only the permission-checked view serves it, whatever DEBUG says."""
    import config.urls

    settings.DEBUG = True
    try:
        module = importlib.reload(config.urls)
        patterns = [str(p.pattern) for p in module.urlpatterns]
        assert not any("media" in p for p in patterns), patterns
    finally:
        settings.DEBUG = False
        importlib.reload(config.urls)
