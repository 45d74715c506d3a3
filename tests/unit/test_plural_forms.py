"""Counted words read right: every text with a number is a plural message with %(num)d, and
each catalogue has every plural form its language's rule needs (1, 2, 5, 11, 21, 22)."""

import gettext
import io
import re

import pytest
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural

from tests.unit.test_catalogues import LANGUAGES, catalogue

COUNTS = (1, 2, 5, 11, 21, 22)
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Numbers that count nothing: a range of settings, a calendar week and its year.
NOT_COUNTS = {"From %(min)d to %(max)d.", "Week %(week)d/%(year)d (from %(day)s)"}
# A number written into a sentence with the thing it counts ("within 15 minutes").
WRITTEN_COUNT = re.compile(
    r"\b\d+ (minute|hour|day|week|character|request|people|person|slot|time|appointment)s?\b"
)


def plural_messages(lang):
    return [message for message in catalogue(lang) if message.id and message.pluralizable]


def translations(lang) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(lang))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def test_every_number_in_a_text_is_a_counted_plural_message():
    singular = [m.id for m in catalogue("de") if m.id and not m.pluralizable]
    assert [i for i in singular if re.search(r"%\(\w+\)d", i) and i not in NOT_COUNTS] == []
    assert [i for i in singular if WRITTEN_COUNT.search(i)] == []
    assert all("%(num)d" in m.id[0] and "%(num)d" in m.id[1] for m in plural_messages("de"))


def test_there_are_counted_messages_to_check():
    assert len(plural_messages("de")) >= 10


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_catalogue_counts_by_its_languages_rule(lang):
    """The header's rule is CLDR's (as Babel writes it): same number of forms, same choice."""
    header = catalogue(lang)
    rule = get_plural(lang)
    assert header.num_plurals == rule.num_plurals
    ours, cldr = translations(lang), gettext.c2py(rule.plural_expr)
    assert [ours.plural(n) for n in range(200)] == [cldr(n) for n in range(200)]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_form_exists_and_shows_its_number(lang):
    forms = get_plural(lang).num_plurals
    problems = []
    for message in plural_messages(lang):
        strings = message.string
        if len(strings) != forms or not all(strings):
            problems.append((message.id[0], "missing forms"))
        problems += [(message.id[0], form) for form in strings if "%(num)d" not in form]
    assert problems == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_count_renders_with_the_form_its_rule_chooses(lang):
    ours = translations(lang)
    for message in plural_messages(lang):
        singular, plural = message.id
        others = {name: 3 for name in PLACEHOLDER.findall(singular) if name != "num"}
        for n in COUNTS:
            shown = ours.ngettext(singular, plural, n) % {"num": n, **others}
            expected = message.string[ours.plural(n)] % {"num": n, **others}
            assert shown == expected
            assert re.search(rf"(?<!\d){n}(?!\d)", shown), (lang, singular, n)


EXPECTED = {
    "de": ["1 Anfrage", "2 Anfragen", "5 Anfragen", "11 Anfragen", "21 Anfragen", "22 Anfragen"],
    "ru": ["1 заявка", "2 заявки", "5 заявок", "11 заявок", "21 заявка", "22 заявки"],
    "uk": ["1 заявка", "2 заявки", "5 заявок", "11 заявок", "21 заявка", "22 заявки"],
    "ar": ["1 طلب،", "2 طلبان،", "5 طلبات،", "11 طلبًا،", "21 طلبًا،", "22 طلبًا،"],
    "fr": [
        "1 demande,",
        "2 demandes,",
        "5 demandes,",
        "11 demandes,",
        "21 demandes,",
        "22 demandes,",
    ],
}


@pytest.mark.parametrize(("lang", "expected"), EXPECTED.items())
def test_the_inbox_counts_requests_as_a_reader_of_the_language_says_it(lang, expected):
    ours = translations(lang)
    shown = [
        ours.ngettext("%(num)d request, oldest first", "%(num)d requests, oldest first", n)
        % {"num": n}
        for n in COUNTS
    ]
    assert [text.startswith(start) for text, start in zip(shown, expected, strict=True)] == [
        True
    ] * len(COUNTS), shown
