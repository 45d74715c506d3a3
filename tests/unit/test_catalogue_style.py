"""The review's rules for each catalogue, kept: formal address, French spacing, one
imperative form for Turkish buttons, one German word for interpreting."""

import re
from pathlib import Path

import pytest
from babel.dates import get_day_names

from tests.unit.test_catalogues import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parents[2]
BUTTON = re.compile(
    r'<(?:button|a)\b[^>]*(?:type="submit"|class="[^"]*button)[^>]*>\s*'
    r'(?:\{#.*?#\})?\s*\{\{ _\("(.*?)"\)',
    re.S,
)


def translations(lang: str):
    for message in catalogue(lang):
        if message.id:
            key = message.id if isinstance(message.id, str) else message.id[0]
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            yield key, forms


def offending(lang: str, pattern: str) -> list[str]:
    return [key for key, forms in translations(lang) if any(re.search(pattern, f) for f in forms)]


def test_vietnamese_addresses_people_as_quy_vi():
    assert offending("vi", r"(?i)\bbạn\b") == []


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_russian_and_ukrainian_capitalise_the_formal_you(lang):
    assert offending(lang, r"(?<![\w])(вы|ви|вас|вам|вами|ваш\w*)(?![\w])") == []


def test_french_puts_a_no_break_space_before_double_punctuation():
    without = r"(?<=[^\s\u00a0\u202f])[:;!?](?=\s|$)|(?<= )[:;!?]"
    strays = [
        key
        for key, forms in translations("fr")
        if any(re.search(without, re.sub(r"https?://\S+|%\(\w+\)[sd]", "", f)) for f in forms)
    ]
    assert strays == []


def test_turkish_buttons_use_one_imperative_form():
    """Buttons say "Kaydet", "Gönder": the bare imperative, never the polite "-in" form."""
    buttons = {
        match.group(1)
        for path in (ROOT / "templates").rglob("*.html")
        for match in BUTTON.finditer(path.read_text(encoding="utf-8"))
    }
    tr = dict(translations("tr"))
    # "Yes, this time suits me" answers; it orders nothing.
    orders = sorted(key for key in buttons if not key.startswith(("Yes,", "No,")))
    polite = [key for key in orders if re.search(r"(?i)\w(y?[ıiuü]n)$", tr[key][0])]
    assert len(buttons) > 20
    assert polite == []


def test_german_says_sprachmittlung_for_interpreting_throughout():
    assert offending("de", r"(?i)dolmetsch") == []


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_the_closure_notice_does_not_start_with_a_lower_case_weekday(lang):
    """Where weekdays are written in lower case, a sentence cannot begin with the date."""
    if not get_day_names("wide", locale=lang)[0][:1].islower():
        pytest.skip("weekdays are capitalised in this language")
    notice = dict(translations(lang))["The office is closed on %(date)s."][0]
    assert not notice.startswith("%(date)s")
