"""Details of the public pages a reviewer in nine languages noticed: marked German, RTL,
dates, the sign-language and easy-to-read pages, triage, the cancelled page, the icon."""

import re

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from intake.core.vocabulary import interpreter_choices
from tests.helpers import book_by_api, manage_path

OFFICE = "Integrations- und Ausländerbeauftragte"


def html(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", ["en", "ar", "fa", "uk"])
def test_office_name_is_marked_german_in_header_h1_and_footer(client, lang):
    page = html(client, f"/{lang}/")
    assert f'lang="de">{OFFICE}</a>' in page  # header
    assert f'<h1 lang="de">{OFFICE}</h1>' in page
    assert f'<bdi lang="de">{OFFICE}</bdi>' in page  # footer


def test_other_languages_explain_the_official_name_beside_it(client):
    with force_locale("en"):
        explanation = escape(_("The city's commissioner for integration and foreigners"))
    assert explanation in html(client, "/en/")
    assert explanation not in html(client, "/de/")


def test_privacy_page_marks_german_names(client):
    page = html(client, "/ar/privacy")
    assert f'<span lang="de">{OFFICE}</span>' in page
    assert '<span lang="de">Sächsische Datenschutz- und Transparenzbeauftragte</span>' in page


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_example_phone_numbers_are_isolated_left_to_right(client, office, lang):
    page = html(client, f"/{lang}/request")
    assert '<bdi dir="ltr" class="nowrap">0351 1234567</bdi>' in page
    assert '<bdi dir="ltr" class="nowrap">+49 351 1234567</bdi>' in page


def test_office_phone_never_splits_and_footer_separators_are_list_items(client):
    page = html(client, "/fa/")
    assert re.search(r'<a href="tel:03514882131" dir="ltr" class="nowrap">0351-4882131</a>', page)
    footer = page[page.index("<footer") :]
    assert " · " not in footer
    assert 'class="separated"' in footer


def test_punctuation_around_links_comes_from_the_catalogue(client):
    """No ", " or ": " glued on by the template: the whole sentence is one message."""
    page = html(client, "/en/privacy")
    assert re.search(r"Write or call us: <a [^>]*mailto:[^>]*>.*?</a>, <a [^>]*tel:", page)
    with force_locale("en"):
        assert _("%(field)s: %(errors)s", field="A", errors="B") == "A: B"


def test_error_summary_joins_label_and_message_through_the_catalogue(client, office):
    page = client.post("/ar/request", data={}).get_data(as_text=True)
    summary = page[
        page.index('id="error-summary"') : page.index("</ul>", page.index("error-summary"))
    ]
    with force_locale("ar"):
        label, message = _("Your name"), _("Please tell us how we may address you.")
        expected = _("%(field)s: %(errors)s", field=label, errors=message)
    assert expected in summary


def test_english_dates_are_british(client, office):
    page = html(client, "/en/request")
    assert "Tuesday, 17 November 2026" in page
    assert "November 17" not in page


def test_persian_dates_use_persian_digits(client, office):
    page = html(client, "/fa/request")
    assert "۱۷" in page
    assert not re.search(r"<legend>[^<]*[0-9]", page)


def test_persian_is_offered_as_farsi_dari_in_the_language_menu(client):
    assert 'lang="fa" hreflang="fa" dir="rtl">فارسی / دری</a>' in html(client, "/de/")


@pytest.mark.parametrize("lang", ["de", "tr", "fr", "fa", "vi"])
def test_interpreter_languages_are_sorted_for_the_visitor_not_by_code_point(app, lang):
    import icu

    with force_locale(lang):
        names = [name for _code, name in interpreter_choices()[2:]]
    collator = icu.Collator.createInstance(icu.Locale(lang))
    assert names == sorted(names, key=collator.getSortKey)


def test_turkish_interpreter_list_puts_c_cedilla_after_c_not_after_z(app):
    with force_locale("tr"):
        names = [name for _code, name in interpreter_choices()[2:]]
    assert names.index("Çince") < names.index("Fransızca")


def test_cancelling_a_call_back_request_does_not_speak_of_an_appointment(client, office):
    answer = book_by_api(client, start=None, preferred_times="mornings", accept_language="en")
    response = client.post(manage_path(answer) + "/cancel", headers={"Accept-Language": "en"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "appointment has been cancelled" not in page
    assert "Your request has been cancelled" in page


def test_cancelling_an_appointment_says_the_appointment_is_cancelled(client, office):
    answer = book_by_api(client, accept_language="en")
    path = manage_path(answer).replace("/de/", "/en/")
    response = client.post(path + "/cancel")
    assert "appointment has been cancelled" in client.get(response.headers["Location"]).text


def test_favicon_answers_directly_with_an_icon(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200
        assert response.mimetype == "image/vnd.microsoft.icon"
        assert response.data[:4] == b"\x00\x00\x01\x00"


def test_accessibility_statement_claims_no_sign_language_video_when_there_is_none(client):
    with force_locale("en"):
        claim = _(
            "There is information in German Sign Language and in easy-to-read German (%(name)s).",
            name=Markup('<span lang="de">Leichte Sprache</span>'),
        )
    assert claim not in html(client, "/en/accessibility")


def test_easy_read_page_covers_consent_language_and_interpreter(client, app):
    page = html(client, "/de/leichte-sprache")
    for step in ("Haken", "Sprache", "Dolmetscher", "Gebärden-Sprache"):
        assert step in page, step
    for word in ("Ein Link ist", "Die Vorgangs-Nummer ist", "Die Ausländer-Behörde ist"):
        assert word in page, word
    assert app.config["IMMIGRATION_OFFICE_ADDRESS"] in page


def test_easy_read_page_has_no_genitive_and_no_negative_headings(client):
    page = html(client, "/de/leichte-sprache")
    headings = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page)
    assert headings
    assert not [h for h in headings if re.search(r"\b(nicht|kein\w*)\b", h)]
    assert " der Stadt " not in page
    assert " des " not in page


def test_residence_topic_explains_what_the_office_does_on_the_form(client, office, app):
    with force_locale("en"):
        explanation = _(
            "About residence and status: we listen, explain letters and your options, and help "
            "you prepare for the immigration office (%(name)s). Permits and visas are decided "
            "only by the immigration office.",
            name=Markup('<span lang="de">Ausländerbehörde</span>'),
        )
    page = html(client, "/en/request")
    assert explanation in page
    assert app.config["IMMIGRATION_OFFICE_URL"] in page


def test_residence_request_is_taken_and_its_manage_page_explains_the_split(client, office, app):
    answer = book_by_api(client, topics=["residence"], accept_language="en")
    page = html(client, manage_path(answer).replace("/de/", "/en/"))
    assert "decided only by the immigration office" in page
    assert app.config["IMMIGRATION_OFFICE_URL"] in page
    other = book_by_api(client, topics=["work"], start="2026-11-17T10:00:00+01:00")
    assert app.config["IMMIGRATION_OFFICE_URL"] not in html(client, manage_path(other))


def test_enter_in_a_text_field_presses_send_request_not_later_times(client, office):
    """Browsers submit with the form's first submit button: that one must send."""
    page = html(client, "/en/request")
    form = page[page.index('<form method="post"') :]
    first = re.search(r"<button[^>]*>[^<]*</button>", form).group(0)
    assert 'type="submit"' in first
    assert "show_from" not in first
    assert ">Send request</button>" in first
