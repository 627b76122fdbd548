"""Every word a reader meets is in Spanish and Portuguese too: ``makemessages`` over the
tree finds no entry that the catalogues leave empty or only guessed (fuzzy)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
IGNORED = [".venv", "node_modules", "build", "var", "tests", "benchmarks", "docs"]


@pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs gettext's tools")
def test_makemessages_finds_nothing_left_to_translate(tmp_path, settings, monkeypatch):
    # The tree seen through links from a scratch folder that holds a copy of the
    # catalogues: makemessages writes where the sources are, and never into ours.
    for entry in ROOT.iterdir():
        skipped = entry.name in (*IGNORED, "locale") or entry.name.startswith(".")
        if entry.is_dir() and not skipped:
            (tmp_path / entry.name).symlink_to(entry)
    catalogues = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", catalogues, ignore=shutil.ignore_patterns("*.mo"))
    settings.LOCALE_PATHS = [str(catalogues)]
    monkeypatch.chdir(tmp_path)
    before = {po: po.read_bytes() for po in (ROOT / "locale").glob("*/LC_MESSAGES/django.po")}
    call_command(
        "makemessages",
        locale=["es", "pt"],
        ignore_patterns=IGNORED,
        no_obsolete=True,
        symlinks=True,
        verbosity=0,
    )
    assert {po: po.read_bytes() for po in before} == before, "the tree's catalogues changed"
    left = {}
    for language in ("es", "pt"):
        po = catalogues / language / "LC_MESSAGES" / "django.po"
        for which in ("--untranslated", "--only-fuzzy"):
            found = subprocess.run(
                ["msgattrib", which, "--no-wrap", str(po)],  # noqa: S607 - gettext's tool
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            ids = [line for line in found.splitlines() if line.startswith("msgid ")][1:]
            if ids:
                left[language, which] = ids
    assert not left, left
