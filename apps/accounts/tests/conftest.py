from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The public-page rate limit counts in the cache; start each test from zero."""
    cache.clear()
    yield
    cache.clear()
