"""The API contract: the generated OpenAPI schema must equal tests/openapi.json, so it changes only on purpose.

After a deliberate change to the API, regenerate the snapshot and commit it with the change:

    UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/test_openapi_snapshot.py
"""

import json
import os
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).with_name("openapi.json")
SCHEMA_URL = "/api/v1/openapi.json"
DOCS_URL = "/api/v1/docs"
MODULE_TAGS = {"org", "par", "onestop", "surveys", "directives"}
METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "trace"}


def _schema(client: Client) -> dict[str, Any]:
    response = client.get(SCHEMA_URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


def _operations(schema: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_it_matches_the_committed_snapshot(citizen: Client) -> None:
    schema = _schema(citizen)
    if os.environ.get("UPDATE_OPENAPI_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert SNAPSHOT.exists(), "No snapshot: run with UPDATE_OPENAPI_SNAPSHOT=1 and commit tests/openapi.json"
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert schema == expected, (
        "The API contract changed. If that is on purpose, run "
        "UPDATE_OPENAPI_SNAPSHOT=1 .venv/bin/pytest tests/test_openapi_snapshot.py and commit tests/openapi.json"
    )


def test_it_tags_every_operation_with_its_module(citizen: Client) -> None:
    operations = _operations(_schema(citizen))
    assert operations
    for path, method, operation in operations:
        tags = operation.get("tags", [])
        assert tags, f"{method.upper()} {path} has no tag"
        assert set(tags) <= MODULE_TAGS, f"{method.upper()} {path} has tags {tags}, not from {sorted(MODULE_TAGS)}"


def test_it_gives_every_operation_a_unique_readable_id(citizen: Client) -> None:
    operations = _operations(_schema(citizen))
    ids = [operation["operationId"] for _path, _method, operation in operations]
    assert len(ids) == len(set(ids)), ids
    for operation_id in ids:
        assert re.fullmatch(r"[a-z]+_[a-z0-9_]+", operation_id), operation_id
        assert operation_id.split("_", 1)[0] in MODULE_TAGS, operation_id


def test_it_documents_the_error_envelope(citizen: Client) -> None:
    schema = _schema(citizen)
    envelope = schema["components"]["schemas"]["ErrorOut"]
    assert set(envelope["properties"]) == {"message", "detail"}
    for path, method, operation in _operations(schema):
        assert "401" in operation["responses"], f"{method.upper()} {path} does not document its 401"


def test_it_serves_the_schema_to_anyone(citizen: Client) -> None:
    response = citizen.get(SCHEMA_URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


def test_it_serves_the_docs_page_from_local_static_files_under_the_strict_csp(citizen: Client, settings: Any) -> None:
    settings.WHITENOISE_USE_FINDERS = True  # serve app static files without collectstatic, as DEBUG does
    settings.WHITENOISE_AUTOREFRESH = True
    response = citizen.get(DOCS_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html

    # The site-wide policy, not relaxed: Swagger UI sets its styles through the DOM (allowed by
    # style-src 'self'), and its settings travel as JSON data, not as an inline script.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp + ";"
    assert "style-src 'self';" in csp + ";"
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert " src=" in tag or 'type="application/json"' in tag, f"inline script: {tag}"
    assert " style=" not in html

    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        parts = urlsplit(asset)
        assert not parts.scheme and not parts.netloc, f"{asset} is not served by us (no CDN)"
        assert asset.startswith("/static/ninja/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
        fetched = citizen.get(asset)
        assert fetched.status_code == 200, asset
        b"".join(fetched.streaming_content)  # type: ignore[attr-defined]
