"""Every user-facing string has its French translation: missing or fuzzy ones fail the suite."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["manage.py", "poc_training", "accounts", "courses", "trainees", "reports", "templates", "locale"]


@pytest.fixture(scope="module")
def regenerated_catalogue(tmp_path_factory) -> polib.POFile:
    """The French catalogue as makemessages would make it now from the current sources."""
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "-v", "0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    return polib.pofile(str(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))


def test_every_message_of_the_sources_has_a_french_translation(regenerated_catalogue):
    missing = [entry.msgid for entry in regenerated_catalogue.untranslated_entries()]
    assert missing == [], f"{len(missing)} messages lack a French translation: {missing[:20]}"


def test_no_french_translation_is_fuzzy(regenerated_catalogue):
    fuzzy = [entry.msgid for entry in regenerated_catalogue.fuzzy_entries()]
    assert fuzzy == [], f"fuzzy (unchecked) French translations: {fuzzy[:20]}"


def test_the_committed_catalogue_is_up_to_date_with_the_sources(regenerated_catalogue):
    committed = polib.pofile(str(ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    committed_ids = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    current_ids = {(e.msgctxt, e.msgid) for e in regenerated_catalogue if not e.obsolete}
    assert current_ids - committed_ids == set(), "run `manage.py makemessages -l fr` and translate"
