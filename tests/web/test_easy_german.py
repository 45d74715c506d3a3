"""The easy-to-read German page keeps the rules a program can check: short sentences, no
negation, no subordinate clauses, hard words explained, the real form's words quoted exactly,
and a picture for each booking step."""

import re
from html import unescape
from pathlib import Path

import pytest
from flask_babel import force_locale

from intake.core.i18n import offered_languages
from intake.public.forms import IntakeForm

ROOT = Path(__file__).resolve().parents[2]
MAX_WORDS = 12
NEGATIONS = {
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "nichts",
    "nie",
    "niemals",
    "niemand",
    "ohne",
    "weder",
}
SUBORDINATORS = {
    "dass",
    "weil",
    "wenn",
    "ob",
    "obwohl",
    "damit",
    "nachdem",
    "bevor",
    "während",
    "falls",
    "sobald",
    "solange",
    "sodass",
    "wann",
    "als",
    "da",
    "indem",
    "seit",
    "seitdem",
    "bis",
    "sofern",
    "wo",
    "welche",
    "welcher",
    "welches",
}
HARD_WORDS = (
    "Beauftragte",
    "Ausländer-Behörde",
    "Sprach-Mittlung",
    "Datenschutz",
    "Vorgangs-Nummer",
    "Link",
)


@pytest.fixture
def page(client) -> str:
    text = client.get("/de/leichte-sprache").get_data(as_text=True)
    return text[text.index('<div lang="de" class="easy-read">') : text.index("</main>")]


def own_sentences(page: str) -> list[str]:
    """The page's own sentences: quotes of the form (<q>) and the address are not its words."""
    text = re.sub(r"<q>.*?</q>|<bdi>.*?</bdi>|<a [^>]*href=\"tel:.*?</a>", " ", page, flags=re.S)
    text = re.sub(r"<br>|</(p|li|h1|h2)>", "\n", text)
    text = unescape(re.sub(r"<[^>]+>", " ", text))
    parts = re.split(r"(?<=[.?!:])\s+|\n", text)
    return [" ".join(part.split()) for part in parts if re.search(r"\w", part)]


def words(sentence: str) -> list[str]:
    return re.findall(r"[\w-]+", sentence.lower())


def test_every_sentence_is_short(page):
    long = [s for s in own_sentences(page) if len(words(s)) > MAX_WORDS]
    assert long == []


def test_sentences_are_positive(page):
    assert [s for s in own_sentences(page) if NEGATIONS & set(words(s))] == []


def test_no_sentence_has_a_subordinate_clause(page):
    assert [s for s in own_sentences(page) if SUBORDINATORS & set(words(s))] == []


def test_each_sentence_says_one_thing(page):
    """At most one comma: a list ("im Büro, am Telefon oder per Video") but no second clause."""
    assert [s for s in own_sentences(page) if s.count(",") > 1 or ";" in s] == []


@pytest.mark.parametrize("word", HARD_WORDS)
def test_hard_words_are_explained_where_they_first_appear(page, word):
    explained = rf"\b{re.escape(word)} (ist|heißt|hat)\b"
    assert any(re.search(explained, s) for s in own_sentences(page)), word


def test_the_form_is_quoted_with_its_exact_words(page, app):
    with app.test_request_context("/de/request"), force_locale("de"):
        form = IntakeForm(languages=offered_languages(), talk_language="de")
        labels = [str(form.consent.label.text), str(form.interpreter_language.label.text)]
    quoted = [unescape(q) for q in re.findall(r"<q>(.*?)</q>", page, flags=re.S)]
    assert labels[0] in quoted
    assert labels[1] in quoted
    assert {"Termin anfragen", "Anfrage senden"} <= set(quoted)


def test_each_booking_step_has_a_picture_that_exists_and_is_svg(page, client):
    steps = re.findall(r"<li>(.*?)</li>", page.split('class="easy-steps"', 1)[1], flags=re.S)
    assert len(steps) >= 8
    for step in steps:
        src = re.search(r'<img src="/static/(img/easy/[\w-]+\.svg)\?v=\w+" alt=""', step)
        assert src, step
        svg = (ROOT / "static" / src.group(1)).read_text(encoding="utf-8").strip()
        assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
        assert svg.endswith("</svg>")


def test_other_languages_are_sent_to_the_german_page(client):
    response = client.get("/ar/leichte-sprache")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/de/leichte-sprache")
