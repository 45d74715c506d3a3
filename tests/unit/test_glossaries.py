"""Each catalogue says the words that matter the same way throughout: for every message whose
English names a glossary term (appointment, request, case, counsellor, interpreter, immigration
office, consent), every translated form holds one of the glossary's words for it."""

import json
import re
from pathlib import Path

import pytest

from tests.unit.test_catalogues import LANGUAGES, catalogue

ROOT = Path(__file__).resolve().parents[2]
TERMS = (
    "appointment",
    "request",
    "case",
    "counsellor",
    "interpreter",
    "immigration office",
    "consent",
)


def glossary(lang: str) -> dict:
    return json.loads((ROOT / "translations" / lang / "glossary.json").read_text(encoding="utf-8"))


def names(term: str, text: str) -> bool:
    """The term as a word, a trailing "s" allowed ("requests", not "requester")."""
    return re.search(rf"\b{re.escape(term)}s?\b", text, re.IGNORECASE) is not None


def messages_naming(lang: str, term: str):
    for message in catalogue(lang):
        sources = [message.id] if isinstance(message.id, str) else list(message.id)
        if message.id and any(names(term, source) for source in sources):
            yield message


def uses_one_of(stems: list[str], text: str) -> bool:
    return any(stem.casefold() in text.casefold() for stem in stems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_catalogue_has_a_glossary_of_the_words_that_matter(lang):
    terms = glossary(lang)["terms"]
    assert sorted(terms) == sorted(TERMS)
    assert all(terms[term] and all(stem.strip() for stem in terms[term]) for term in TERMS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("term", TERMS)
def test_the_catalogue_uses_its_glossary_word_for_the_term(lang, term):
    words = glossary(lang)
    stems, exempt = words["terms"][term], set(words["exempt"].get(term, []))
    strays = []
    for message in messages_naming(lang, term):
        key = message.id if isinstance(message.id, str) else message.id[0]
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if key not in exempt and not all(uses_one_of(stems, form) for form in forms):
            strays.append((key, forms[0]))
    assert strays == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_exemption_names_a_message_that_still_says_the_term(lang):
    """An exemption is for a different sense (the verb "to request", an HTTP request); one
    left behind after its message changed would hide nothing and mislead the next reader."""
    exempt = glossary(lang)["exempt"]
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    stale = [(term, key) for term, keys in exempt.items() for key in keys if key not in ids]
    assert stale == []
    assert [(t, k) for t, keys in exempt.items() for k in keys if not names(t, k)] == []


GERMAN_NAMES = ("Ausländerbehörde", "Ausländerbeirat", "Leichte Sprache", "Beauftragte")


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "de"])
def test_german_names_come_in_marked_as_german_not_typed_into_the_translation(lang):
    """A German name inside an Arabic sentence is read with an Arabic voice unless it is
    marked lang="de": the templates pass such names in through official()."""
    typed = [
        message.id
        for message in catalogue(lang)
        if message.id
        for form in (message.string if isinstance(message.string, tuple) else (message.string,))
        if any(name in form for name in GERMAN_NAMES)
    ]
    assert typed == []
