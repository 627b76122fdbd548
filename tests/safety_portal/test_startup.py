"""What a web worker loads before its first request: the large libraries that only some
requests need wait for those requests (a worker's memory is a benchmark target)."""

import subprocess
import sys
from pathlib import Path

from django.conf import settings

LOADED = """
import sys
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

get_wsgi_application()
get_resolver().url_patterns  # every app's views, as the first request imports them
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_a_web_worker_starts_without_the_pdf_libraries():
    loaded = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", LOADED],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "django" in loaded and "meetings" in loaded
    assert "reportlab" not in loaded and "pypdf" not in loaded


def test_a_pdf_is_still_made_on_demand():
    from safety_portal import documents

    doc = documents.Document(title="Reunification drill", filename="drill", footer="Committee")
    assert documents.render_pdf(doc).startswith(b"%PDF")
