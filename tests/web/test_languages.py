"""Every public page in every offered language, with the right lang and direction."""

import re

import pytest

from config import Config
from intake.models import Case
from tests.helpers import count

LANGUAGES = Config.LANGUAGES.split(",")
RTL = {"ar", "fa", "ps"}
PAGES = ["", "request", "privacy", "sign-language", "accessibility"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_public_pages_render_in_every_language(client, office, lang):
    for page in PAGES:
        response = client.get(f"/{lang}/{page}")
        assert response.status_code == 200, page
        html = response.get_data(as_text=True)
        direction = "rtl" if lang in RTL else "ltr"
        assert f'<html lang="{lang}" dir="{direction}">' in html
        assert f'href="/{lang}/"' in html


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code not in ("en",)])
def test_intake_errors_appear_in_the_visitors_language(client, db, office, lang):
    response = client.post(f"/{lang}/request", data={})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</div>', html, flags=re.S).group(0)
    assert "Please choose at least one topic." not in summary
    assert "We can only take your request with your consent." not in summary
    assert count(db, Case) == 0


def test_arabic_form_errors_are_in_arabic(client, db, office):
    html = client.post("/ar/request", data={}).get_data(as_text=True)
    assert re.search("[\u0600-\u06ff]{3,}", html.split('class="error-summary"')[1][:400])


def test_dates_are_formatted_for_each_language(client, office):
    expected = {
        "de": "Dienstag, 17. November 2026",
        "en": "Tuesday, 17 November 2026",
        "fr": "mardi 17 novembre 2026",
        "ru": "вторник, 17 ноября 2026",
        "tr": "17 Kasım 2026 Salı",
    }
    for lang, text in expected.items():
        assert text in client.get(f"/{lang}/request").get_data(as_text=True), lang


def test_language_is_kept_across_links_and_the_manage_link(client, office):
    html = client.get("/fa/").get_data(as_text=True)
    assert 'href="/fa/request"' in html
    response = client.post(
        "/fa/request",
        data={
            "topics": "work",
            "talk_language": "fa",
            "mode": "in_person",
            "start": "callback",
            "preferred_times": "صبح‌ها",
            "name": "سارا",
            "email": "sara@example.org",
            "consent": "y",
        },
    )
    assert "/fa/r/" in response.headers["Location"]
