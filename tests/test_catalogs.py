"""Azerbaijani first: every UI string is translated, and the committed catalogs are current."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    "civic",
    "accounts",
    "agencies",
    "plans",
    "reports",
    "public",
    "operations",
    "nap_portal",
    "templates",
    "manage.py",
]


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))


def keys(po) -> set[tuple[str | None, str]]:
    return {(entry.msgctxt, entry.msgid) for entry in po if not entry.obsolete and entry.msgid}


@pytest.mark.parametrize("language", ["az", "ru"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    po = catalog(language)
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []


RUSSIAN_PLURALS = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);"
)


def test_russian_has_three_plural_forms_and_keeps_every_placeholder():
    po = catalog("ru")
    assert po.metadata["Plural-Forms"] == RUSSIAN_PLURALS
    placeholder = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}")
    wrong = []
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == [0, 1, 2], entry.msgid
            wanted = {
                tuple(sorted(placeholder.findall(entry.msgid))),
                tuple(sorted(placeholder.findall(entry.msgid_plural))),
            }
            forms = entry.msgstr_plural.values()
        else:
            wanted = {tuple(sorted(placeholder.findall(entry.msgid)))}
            forms = [entry.msgstr]
        wrong += [form for form in forms if tuple(sorted(placeholder.findall(form))) not in wanted]
    assert wrong == []


def test_russian_is_russian():
    """Translated, not copied: nearly every message has Cyrillic letters."""
    po = catalog("ru")
    latin_only = [
        e.msgid
        for e in po
        if not e.obsolete and not re.search("[а-яё]", e.msgstr or e.msgstr_plural.get(0, ""), re.I)
    ]
    # The portal's name, and "No." written "№".
    assert set(latin_only) <= {"NAP Portal", "No."}, latin_only


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_compiled_catalogs_match_their_sources(language):
    po = catalog(language)
    mo = polib.mofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural) for e in mo}
    for entry in po:
        if entry.obsolete or not entry.translated():
            continue
        assert compiled.get((entry.msgctxt, entry.msgid)) == (entry.msgstr, entry.msgstr_plural), (
            f"{language}: {entry.msgid!r} differs in django.mo; run make messages"
        )


def test_catalogs_hold_every_string_of_the_code(tmp_path):
    """A string added to the code without `make messages` fails here, not in front of users."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext (xgettext) is needed under CI to check the catalogs")
        pytest.skip("GNU gettext (xgettext) is not installed: catalog freshness not checked")
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale" / "az" / "LC_MESSAGES").mkdir(parents=True)
    environment = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/x"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "az", "--no-location", "-v", "0"],
        cwd=tmp_path,
        env=environment,
        check=True,
        capture_output=True,
    )
    fresh = keys(polib.pofile(str(tmp_path / "locale" / "az" / "LC_MESSAGES" / "django.po")))
    committed = keys(catalog("az"))
    assert sorted(fresh - committed, key=str) == [], "strings missing: run make messages"


def test_no_translatable_string_hides_inside_an_f_string():
    """xgettext does not always see ``f"{gettext('…')}"``; such a label would stay English."""
    hidden = re.compile(r"""\bf(["']).*\{\s*(?:gettext|pgettext|ngettext|_)\(""")
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for name in SOURCES
        for path in sorted((ROOT / name).rglob("*.py"))
        if (ROOT / name).is_dir()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if hidden.search(line)
    ]
    assert offenders == []
