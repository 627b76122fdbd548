"""Floor "query": one primary-key lookup in PostgreSQL per request, no middleware."""

from benchmarks.floors.base import (  # noqa: F401
    ALLOWED_HOSTS,
    DEBUG,
    DEFAULT_AUTO_FIELD,
    SECRET_KEY,
    USE_TZ,
)
from benchmarks.floors.base import FLOOR_DATABASES as DATABASES  # noqa: F401

ROOT_URLCONF = "benchmarks.floors.query_urls"
INSTALLED_APPS = ["benchmarks.floors"]
MIDDLEWARE: list[str] = []
