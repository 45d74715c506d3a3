"""Counsellor feeds, the closures feed and the appointment download."""

import re
from datetime import date

from icalendar import Calendar

from intake.models import Closure, OfficeSettings
from tests.helpers import TUESDAY_9, book_by_api, manage_path

# What a requester tells the office; none of it may reach a counsellor's calendar.
PERSONAL = {
    "topics": ["health"],
    "name": "Nour",
    "description": "SECRET-DESCRIPTION",
    "phone": "+49 351 1234567",
}


def new_feed_url(client) -> str:
    page = client.post("/staff/feed").get_data(as_text=True)
    return re.search(r"https?://[^/]+(/staff/feed/[^<]+\.ics)", page).group(1)


def test_feed_holds_only_the_counsellors_own_appointments_without_personal_data(
    client, auth, office, db
):
    # The first goes to the Arabic speaker, the second to the Russian speaker.
    mine = book_by_api(client, email="a@example.net", language="ar", **PERSONAL)
    book_by_api(client, email="b@example.net", language="ru", **PERSONAL)
    auth.login(office[0].email)
    url = new_feed_url(client)
    auth.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.data)
    [event] = calendar.walk("VEVENT")
    assert mine["reference"] in str(event["SUMMARY"])
    text = response.data.decode()
    for secret in ("Nour", "a@example.net", "SECRET-DESCRIPTION", "1234567", "Gesundheit"):
        assert secret not in text


def test_topic_appears_in_the_feed_only_when_the_office_allows_it(client, auth, office, db):
    book_by_api(client, email="a@example.net", language="ar", **PERSONAL)
    auth.login(office[0].email)
    url = new_feed_url(client)
    assert "Gesundheit" not in client.get(url).data.decode()
    settings = db.session.get(OfficeSettings, 1)
    settings.feed_shows_topic = True
    db.session.commit()
    assert "Gesundheit" in client.get(url).data.decode()


def test_renewed_feed_address_kills_the_old_one(client, auth, office):
    auth.login(office[0].email)
    old = new_feed_url(client)
    new = new_feed_url(client)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_unknown_feed_token_is_404(client, office):
    assert client.get("/staff/feed/" + "x" * 43 + ".ics").status_code == 404


def test_closures_feed_lists_upcoming_closures(client, db, office):
    db.session.add(Closure(day=date(2026, 11, 26), public_note="Teamtag"))
    db.session.commit()
    calendar = Calendar.from_ical(client.get("/closures.ics").data)
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == date(2026, 11, 26)
    assert "Teamtag" in str(event["SUMMARY"])


def test_requester_downloads_the_appointment_with_a_server_made_file_name(client, office):
    created = book_by_api(client, email="a@example.net", **PERSONAL)
    manage = manage_path(created)
    response = client.get(manage + "/appointment.ics")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="{created["reference"]}.ics"'
    )
    [event] = Calendar.from_ical(response.data).walk("VEVENT")
    assert event["DTSTART"].dt.isoformat() == TUESDAY_9
    assert client.get(manage + "/appointment.ics").status_code == 200
    assert client.get("/de/r/" + "y" * 43 + "/appointment.ics").status_code == 404
