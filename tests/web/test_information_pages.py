"""Information pages: privacy, sign language, easy-to-read German, accessibility."""

import pytest

from intake.models import OfficeSettings


@pytest.mark.parametrize("page", ["privacy", "sign-language", "accessibility"])
@pytest.mark.parametrize("lang", ["de", "en", "ar"])
def test_information_pages_render_in_each_language(client, page, lang):
    response = client.get(f"/{lang}/{page}")
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in response.get_data(as_text=True)


def test_privacy_notice_says_how_long_and_how_to_get_data_deleted(client):
    page = client.get("/en/privacy").get_data(as_text=True)
    assert "183 days after your case is closed" in page, "the default period"
    assert "30 days after a request that was cancelled" in page
    assert "deleted" in page
    assert "auslaenderbeauftragte@dresden.de" in page


def test_easy_german_page_explains_the_booking_steps(client):
    page = client.get("/de/leichte-sprache").get_data(as_text=True)
    assert "Leichter Sprache" in page
    assert "Termin anfragen" in page


def test_easy_german_is_reached_from_other_languages(client):
    response = client.get("/ar/leichte-sprache")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/de/leichte-sprache")


def test_start_page_links_sign_language_easy_german_and_the_statement(client):
    page = client.get("/fa/").get_data(as_text=True)
    assert 'href="/fa/sign-language"' in page
    assert 'href="/de/leichte-sprache"' in page
    assert 'href="/fa/accessibility"' in page
    assert 'href="/fa/request"' in page


def test_privacy_notice_states_the_periods_the_office_set(client, db):
    db.session.add(OfficeSettings(id=1, retention_closed_days=90, retention_unanswered_days=14))
    db.session.commit()
    english = client.get("/en/privacy").get_data(as_text=True)
    assert "90 days after your case is closed" in english
    assert "14 days after a request" in english
    assert "183 days" not in english
    assert "14 дней" in client.get("/ru/privacy").get_data(as_text=True), "plural in Russian"
