"""Every user-facing string has its French (and Spanish) translation: missing or fuzzy ones fail the suite."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    "manage.py",
    "poc_training",
    "core",
    "accounts",
    "courses",
    "trainees",
    "results",
    "reports",
    "api",
    "demo",
    "benchmarks",
    "templates",
    "locale",
]


LANGUAGES = ["fr", "es"]


@pytest.fixture(scope="module", params=LANGUAGES)
def regenerated_catalogue(request, tmp_path_factory) -> polib.POFile:
    """The catalogue as makemessages would make it now from the current sources."""
    language = request.param
    copy = tmp_path_factory.mktemp("sources")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, copy / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", language, "--no-obsolete", "-v", "0"],
        cwd=copy,
        env={**os.environ, "DEBUG": "1"},
        check=True,
        capture_output=True,
        timeout=300,
    )
    catalogue = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
    catalogue.language = language
    return catalogue


def test_every_message_of_the_sources_has_a_french_translation(regenerated_catalogue):
    missing = [entry.msgid for entry in regenerated_catalogue.untranslated_entries()]
    assert missing == [], f"{len(missing)} messages lack a translation: {missing[:20]}"


def test_no_french_translation_is_fuzzy(regenerated_catalogue):
    fuzzy = [entry.msgid for entry in regenerated_catalogue.fuzzy_entries()]
    assert fuzzy == [], f"fuzzy (unchecked) translations: {fuzzy[:20]}"


def test_the_committed_catalogue_is_up_to_date_with_the_sources(regenerated_catalogue):
    committed = polib.pofile(
        str(ROOT / "locale" / regenerated_catalogue.language / "LC_MESSAGES" / "django.po")
    )
    committed_ids = {(e.msgctxt, e.msgid) for e in committed if not e.obsolete}
    current_ids = {(e.msgctxt, e.msgid) for e in regenerated_catalogue if not e.obsolete}
    assert current_ids - committed_ids == set(), "run `manage.py makemessages -l fr -l es` and translate"


def test_translations_keep_their_placeholders(regenerated_catalogue):
    pattern = re.compile(r"%\((\w+)\)[sd]")
    wrong = []
    for entry in regenerated_catalogue.translated_entries():
        expected = set(pattern.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        if any(set(pattern.findall(text)) != expected for text in translations):
            wrong.append(entry.msgid)
    assert wrong == []
