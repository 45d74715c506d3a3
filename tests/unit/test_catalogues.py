"""Translation catalogues: complete, not fuzzy, placeholders intact, in step with the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from config import Config

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code in Config.LANGUAGES.split(",") if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Pages written only in German on purpose (easy-to-read German) are not translated.
GERMAN_ONLY_TEMPLATES = {"public/easy_german.html"}
GERMAN_ONLY_PHRASES = ("Leichte Sprache", "Informationen in Leichter Sprache")


def catalogue(lang: str):
    with open(ROOT / "translations" / lang / "LC_MESSAGES" / "messages.po", "rb") as file:
        return read_po(file)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """Every string the code and templates mark for translation, extracted afresh."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-k",
            "lazy_ngettext:1,2",
            "--add-comments=i18n:",
            "-o",
            str(pot),
            "--no-location",
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with open(pot, "rb") as file:
        return {
            message.id if isinstance(message.id, str) else message.id[0]
            for message in read_po(file)
            if message.id
        }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_is_complete_without_fuzzy_entries(lang):
    problems = [
        message.id
        for message in catalogue(lang)
        if message.id
        and (
            "fuzzy" in message.flags
            or not all(message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_placeholders(lang):
    broken = []
    for message in catalogue(lang):
        if not message.id:
            continue
        source = message.id if isinstance(message.id, str) else message.id[0]
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = sorted(PLACEHOLDER.findall(source))
        broken += [source for target in targets if sorted(PLACEHOLDER.findall(target)) != wanted]
    assert broken == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_string_is_in_the_catalogue(lang, extracted):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    assert sorted(extracted - ids) == [], "run `make translations` and translate the new strings"


def visible_text(template: str) -> str:
    text = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", template, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>|&\w+;", " ", text, flags=re.S)
    for phrase in GERMAN_ONLY_PHRASES:
        text = text.replace(phrase, " ")
    return text


@pytest.mark.parametrize(
    "path",
    sorted(
        path for kind in ("html", "txt", "svg") for path in (ROOT / "templates").rglob(f"*.{kind}")
    ),
    ids=lambda p: str(p.relative_to(ROOT / "templates")),
)
def test_templates_have_no_text_outside_translation_calls(path):
    name = str(path.relative_to(ROOT / "templates"))
    if name in GERMAN_ONLY_TEMPLATES:
        pytest.skip("written in easy-to-read German on purpose")
    words = re.findall(r"[^\W\d_]{2,}", visible_text(path.read_text(encoding="utf-8")))
    assert words == []
