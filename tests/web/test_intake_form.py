"""The public intake form: success, every validation error, kept input, bots and resubmits."""

import re

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from intake.core import preferred_periods
from intake.models import Appointment, AuditEvent, Case, OfficeSettings, OutboxMessage
from tests.helpers import TUESDAY_9, TUESDAY_10, count


def nothing_stored(db) -> bool:
    return count(db, Case) == 0 and count(db, Appointment) == 0 and count(db, OutboxMessage) == 0


def form_page(client, lang="en"):
    page = client.get(f"/{lang}/request").get_data(as_text=True)
    form_key = re.search(r'name="form_key" type="hidden" value="([^"]+)"', page).group(1)
    return page, form_key


def valid(**changes):
    data = {
        "topics": ["work", "housing"],
        "talk_language": "ar",
        "interpreter_language": "",
        "mode": "in_person",
        "start": TUESDAY_9,
        "name": "نور",
        "email": "nour@example.org",
        "phone": "",
        "contact_channel": "email",
        "description": "Fragen zur Anerkennung",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_form_shows_free_slots_grouped_by_day_in_the_visitors_language(client, office):
    page, _ = form_page(client, "de")
    assert "Dienstag, 17. November 2026" in page
    assert f'value="{TUESDAY_9}"' in page
    assert "Mittwoch, 18. November 2026" not in page, "Buß- und Bettag must not be offered"


def test_form_says_the_times_are_in_the_offices_time_zone(client, make_app, office):
    assert "Mitteleuropäische Zeit" in client.get("/de/request").get_data(as_text=True)
    lisbon = make_app(TIMEZONE="Europe/Lisbon").test_client()
    page = lisbon.get("/en/request").get_data(as_text=True)
    assert "Times are shown in Western European Time." in page


def test_form_states_the_retention_periods_the_office_set(client, db, office):
    assert "183 days after your case is closed" in form_page(client)[0]
    settings = db.session.get(OfficeSettings, 1)
    settings.retention_closed_days, settings.retention_unanswered_days = 365, 60
    db.session.commit()
    page, _ = form_page(client)
    assert "365 days after your case is closed, or 60 days after a request" in page


def test_later_weeks_keep_what_was_typed(client, office):
    response = client.post(
        "/en/request", data=valid(name="Keep Me", show_from="2026-11-30", start=None)
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="Keep Me"' in page
    assert "Monday, 30 November 2026" in page
    assert "error-summary" not in page


def test_request_with_a_slot_books_a_speaker_of_the_language(client, db, office):
    response = client.post("/en/request", data=valid())
    assert response.status_code == 303
    assert re.search(r"/en/r/[A-Za-z0-9_-]{43,64}\?new=1$", response.headers["Location"])
    case = db.session.scalar(select(Case))
    assert case.name == "نور"
    assert case.topic_codes == ["housing", "work"]
    assert case.consent_at is not None
    assert re.fullmatch(r"EB-[A-Z0-9]{4}-[A-Z0-9]{2}", case.reference)
    appointment = db.session.scalar(select(Appointment))
    assert appointment.counsellor_id == office[0].id, "the Arabic speaker is preferred"
    assert appointment.starts_at.isoformat() == "2026-11-17T08:00:00+00:00"
    assert appointment.status == "requested"


def test_confirmation_page_shows_reference_time_and_private_link(client, db, office):
    location = client.post("/de/request", data=valid()).headers["Location"]
    page = client.get(location).get_data(as_text=True)
    case = db.session.scalar(select(Case))
    assert case.reference in page
    assert "Dienstag, 17. November 2026, 09:00" in page
    assert location.split("?")[0] in page
    assert "Fragen zur Anerkennung" not in page, "the manage page never shows the description"


def test_callback_request_stores_a_case_without_appointment(client, db, office):
    response = client.post(
        "/en/request", data=valid(start="callback", preferred_times="Mondays after 14:00")
    )
    assert response.status_code == 303
    case = db.session.scalar(select(Case))
    assert case.callback_requested
    assert case.preferred_times == "Mondays after 14:00"
    assert count(db, Appointment) == 0


def test_callback_with_ticked_periods_and_no_text_stores_the_periods(client, db, office):
    ticked = ["mon_morning", "thu_afternoon"]
    response = client.post("/en/request", data=valid(start="callback", preferred_periods=ticked))
    assert response.status_code == 303
    case = db.session.scalar(select(Case))
    assert preferred_periods.to_codes(case.preferred_periods) == ticked
    assert case.preferred_times is None
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<dd>Monday: Morning</dd>" in manage
    assert "<dd>Thursday: Afternoon</dd>" in manage


WEEKDAYS = {
    "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag"],
    "uk": ["Понеділок", "Вівторок", "Середа", "Четвер", "Пʼятниця"],
}


@pytest.mark.parametrize("lang", WEEKDAYS)
def test_the_periods_are_grouped_by_weekdays_named_in_the_page_language(client, office, lang):
    page, _ = form_page(client, lang)
    periods_fieldset = page[
        page.index('id="preferred_periods"') : page.index('id="preferred_times"')
    ]
    legends = re.findall(r"<legend>([^<]+)</legend>", periods_fieldset)
    assert legends == WEEKDAYS[lang]
    assert periods_fieldset.count('type="checkbox"') == 10


def test_ticked_periods_and_typed_times_are_kept_when_the_form_is_shown_again(client, db, office):
    response = client.post(
        "/en/request",
        data=valid(
            start="callback",
            consent=None,
            preferred_periods=["tue_afternoon"],
            preferred_times="not before 14:00",
        ),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'<input checked[^>]*value="tue_afternoon"', page)
    assert not re.search(r'<input checked[^>]*value="tue_morning"', page)
    assert "not before 14:00</textarea>" in page
    assert re.search(r'value="callback" id="slot-callback" checked', page)
    assert nothing_stored(db)


def test_a_call_back_with_nothing_ticked_or_typed_is_refused_in_the_page_language(
    client, db, office
):
    response = client.post("/fa/request", data=valid(start="callback", preferred_times="  "))
    page = response.get_data(as_text=True)
    with force_locale("fa"):
        message = gettext("Please tell us when we can call you.")
    assert response.status_code == 422
    assert message != "Please tell us when we can call you."
    assert message in re.search(r'id="preferred_times-error">(.*?)</p>', page, re.DOTALL).group(1)
    assert nothing_stored(db)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"topics": None}, "topics", "Please choose at least one topic."),
        ({"name": ""}, "name", "Please tell us how we may address you."),
        ({"consent": None}, "consent", "We can only take your request with your consent."),
        ({"email": "", "contact_channel": ""}, "contact_channel", "e-mail address or a phone"),
        ({"email": "not-an-address"}, "email", "Please enter a valid e-mail address."),
        ({"phone": "12", "contact_channel": "phone"}, "phone", "too short"),
        ({"start": None}, "start", "Please choose a time, or ask us to call you."),
        ({"start": "callback"}, "preferred_times", "Please tell us when we can call you."),
        (
            {"start": "callback", "preferred_periods": ["sat_morning"]},
            "preferred_periods",
            "This value is not one of the allowed ones.",
        ),
        ({"name": "x" * 101}, "name", "at most 100 characters"),
        ({"description": "x" * 1001}, "description", "at most 1000 characters"),
        ({"topics": ["astrology"]}, "topics", "This value is not one of the allowed ones."),
        ({"talk_language": "xx"}, "talk_language", "Not a valid choice."),
        ({"mode": "telepathy"}, "mode", "Not a valid choice."),
        ({"name": "Nour\r\nBcc: x@example.org"}, "name", "not allowed"),
        ({"email": "a@example.org\r\nBcc: x@example.org"}, "email", "not allowed"),
        ({"name": "Nour\x00"}, "name", "not allowed"),
        ({"description": "bad \ufffd byte"}, "description", "not allowed"),
    ],
)
def test_invalid_input_is_refused_beside_its_field_and_nothing_is_stored(
    client, db, office, changes, field, message
):
    response = client.post("/en/request", data=valid(**{"name": "Kept Name", **changes}))
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'href="#{field}"' in page, "the summary links to the field"
    beside_the_field = re.search(rf'id="{field}-error">(.*?)</p>', page, re.DOTALL)
    assert beside_the_field, f"no error shown beside {field}"
    assert message in beside_the_field.group(1)
    assert "astrology" not in page, "an unknown choice is not repeated on the page"
    assert nothing_stored(db)


def test_rejected_form_keeps_everything_typed(client, db, office):
    response = client.post(
        "/en/request",
        data=valid(consent=None, name='Ali "the" <b>', description="Meine Frage\nZeile 2"),
    )
    page = response.get_data(as_text=True)
    assert 'value="Ali &#34;the&#34; &lt;b&gt;"' in page
    assert "Meine Frage\nZeile 2</textarea>" in page
    assert re.search(r'<input checked[^>]*value="work"', page)
    assert re.search(rf'value="{re.escape(TUESDAY_9)}" id="[^"]+" checked', page)
    assert '<option selected value="ar">' in page


def test_taken_slot_offers_alternatives_and_keeps_input(client, db, office):
    client.post("/en/request", data=valid(email="one@example.org"))
    client.post("/en/request", data=valid(email="two@example.org"))
    response = client.post("/en/request", data=valid(email="three@example.org", name="Third"))
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "just taken" in page
    assert "These times are still free" in page
    assert "Tuesday, 17 November 2026, 10:00" in page
    assert 'value="Third"' in page
    assert count(db, Case) == 2


@pytest.mark.parametrize(
    "start",
    [
        "2026-11-16T10:00:00+01:00",  # inside the minimum notice
        "2026-11-18T09:00:00+01:00",  # Buß- und Bettag
        "2026-11-17T13:00:00+01:00",  # outside working hours
        "2026-11-17T09:17:00+01:00",  # off the grid
        "2020-01-01T09:00:00+01:00",  # past
        "2026-11-17T09:00:00",  # no offset
        "next tuesday",
    ],
)
def test_unbookable_slot_is_refused(client, db, office, start):
    response = client.post("/en/request", data=valid(start=start))
    assert response.status_code == 422
    assert "cannot be booked" in response.get_data(as_text=True)
    assert nothing_stored(db)


def test_same_form_sent_twice_stores_one_request_and_gives_the_same_answer(client, db, office):
    _, form_key = form_page(client)
    first = client.post("/en/request", data=valid(form_key=form_key))
    second = client.post("/en/request", data=valid(form_key=form_key))
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(db, Case) == 1
    assert count(db, Appointment) == 1


def test_forged_form_key_does_not_reach_another_request(client, db, office):
    first = client.post("/en/request", data=valid(form_key="forged"))
    second = client.post("/en/request", data=valid(form_key="forged", start=TUESDAY_10))
    assert first.headers["Location"] != second.headers["Location"]
    assert count(db, Case) == 2


def test_honeypot_stops_bots_politely(client, db, office):
    response = client.post("/en/request", data=valid(website="http://spam.example"))
    assert response.status_code == 400
    assert "please call us" in response.get_data(as_text=True)
    assert nothing_stored(db)


def test_extra_fields_are_ignored(client, db, office, make_user):
    other = make_user("other@example.org")
    response = client.post(
        "/en/request",
        data=valid(status="closed", counsellor_id=str(other.id), id="999", reference="EB-HACK"),
    )
    assert response.status_code == 303, "extra fields neither break nor steer the request"
    case = db.session.scalar(select(Case))
    assert case.status == "new"
    assert case.reference != "EB-HACK"
    assert case.counsellor_id != other.id


def test_expired_csrf_token_reshows_the_form_with_everything_kept(make_app, db, office):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post(
        "/en/request", data=valid(csrf_token="expired.token.value", name="Slow Person")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "the form was renewed" in page
    assert 'value="Slow Person"' in page
    fresh = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    again = client.post("/en/request", data=valid(csrf_token=fresh, name="Slow Person"))
    assert again.status_code == 303
    assert count(db, Case) == 1


def test_request_creation_is_audited_without_content(client, db, office):
    client.post("/en/request", data=valid(description="UNIQUE-MARKER-123"))
    events = db.session.scalars(select(AuditEvent)).all()
    assert [event.action for event in events] == ["request_created"]
    assert "UNIQUE-MARKER-123" not in events[0].detail


def test_names_with_combining_marks_and_joiners_are_kept_exactly(client, db, office):
    name = "مُحَمَّد\u200cزاده 👩\u200d👩\u200d👧"
    client.post("/en/request", data=valid(name=name))
    assert db.session.scalar(select(Case.name)) == name


def test_bidi_override_characters_are_neutralised(client, db, office):
    client.post("/en/request", data=valid(name="\u202eevil\u202c Nour"))
    assert db.session.scalar(select(Case.name)) == "evil Nour"


def test_too_many_requests_from_one_address_meet_429(make_app, db, office):
    app = make_app(RATELIMIT_ENABLED=True, INTAKE_RATE_LIMIT="2 per hour")
    client = app.test_client()
    codes = [
        client.post("/de/request", data=valid(start="callback", preferred_times="any")).status_code
        for _ in range(3)
    ]
    assert codes == [303, 303, 429]
    assert count(db, Case) == 2


def test_description_never_reaches_the_log(client, db, office, caplog):
    with caplog.at_level("DEBUG", logger="intake"), caplog.at_level("INFO", logger="werkzeug"):
        client.post("/en/request", data=valid(description="UNIQUE-MARKER-LOG-42"))
        client.post("/en/request", data=valid(description="UNIQUE-MARKER-LOG-42", consent=None))
    assert count(db, Case) == 1
    assert "UNIQUE-MARKER-LOG-42" not in caplog.text


def test_the_same_field_twice_is_a_clear_400(client, db, office):
    data = valid()
    data["start"] = [TUESDAY_9, TUESDAY_10]
    response = client.post("/en/request", data=data)
    assert response.status_code == 400
    assert nothing_stored(db)
