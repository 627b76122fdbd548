import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the real Redis under `make test`)."""
    from django.core.cache import cache

    cache.clear()
    yield
