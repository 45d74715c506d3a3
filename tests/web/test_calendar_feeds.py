"""Feeds show what the calendar shows, the office feed is the lead's and revocable, and a
repeated poll is answered with 304."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from intake.models import Absence, Closure

TUESDAY_10 = datetime(2026, 11, 17, 9, tzinfo=UTC)


def counsellor_feed_url(client) -> str:
    page = client.post("/staff/feed").get_data(as_text=True)
    return re.search(r"https?://[^/]+(/staff/feed/[^<]+\.ics)", page).group(1)


def office_feed_url(client) -> str:
    page = client.post("/staff/feed/office").get_data(as_text=True)
    return re.search(r"https?://[^/]+(/staff/feed/office/[^<]+\.ics)", page).group(1)


def events(response) -> list:
    return list(Calendar.from_ical(response.data).walk("VEVENT"))


def test_the_feed_shows_the_calendars_appointments_and_absences_as_busy_time(
    client, auth, office, db, make_appointment
):
    far = make_appointment(counsellor=office[0], start=TUESDAY_10 + timedelta(days=70))
    near = make_appointment(counsellor=office[0], start=TUESDAY_10)
    db.session.add(
        Absence(
            user_id=office[0].id,
            starts_at=TUESDAY_10 + timedelta(days=1),
            ends_at=TUESDAY_10 + timedelta(days=2),
            note="Arzttermin Zahnarzt",
        )
    )
    db.session.commit()
    auth.login(office[0].email)
    url = counsellor_feed_url(client)
    week = client.get("/staff/calendar?week=2027-W04").get_data(as_text=True)
    assert far.case.reference in week  # beyond the public horizon, booked by staff
    body = client.get(url)
    summaries = [str(event["SUMMARY"]) for event in events(body)]
    assert any(near.case.reference in s for s in summaries)
    assert any(far.case.reference in s for s in summaries)
    busy = [e for e in events(body) if str(e["UID"]).startswith("absence-")]
    assert len(busy) == 1
    assert "Zahnarzt" not in body.get_data(as_text=True)


def test_a_repeated_poll_of_the_counsellor_feed_gets_304_until_something_changes(
    client, auth, office, db, make_appointment
):
    auth.login(office[0].email)
    url = counsellor_feed_url(client)
    auth.logout()
    first = client.get(url)
    tag = first.headers["ETag"]
    assert first.status_code == 200
    again = client.get(url, headers={"If-None-Match": tag})
    assert again.status_code == 304
    assert again.data == b""
    make_appointment(counsellor=office[0], start=TUESDAY_10)
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != tag
    db.session.add(
        Absence(
            user_id=office[0].id,
            starts_at=TUESDAY_10 + timedelta(days=1),
            ends_at=TUESDAY_10 + timedelta(days=2),
        )
    )
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": changed.headers["ETag"]}).status_code == 200


def test_a_cancelled_appointment_changes_the_feeds_tag(client, auth, office, db, make_appointment):
    appointment = make_appointment(counsellor=office[0], start=TUESDAY_10)
    auth.login(office[0].email)
    url = counsellor_feed_url(client)
    tag = client.get(url).headers["ETag"]
    appointment.status = "cancelled"
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200


def test_the_office_feed_holds_everyones_appointments_and_can_be_switched_off(
    client, auth, office, make_appointment
):
    first = make_appointment(counsellor=office[0], start=TUESDAY_10)
    second = make_appointment(counsellor=office[1], start=TUESDAY_10)
    auth.login_as("lead")
    url = office_feed_url(client)
    response = client.get(url)
    text = response.get_data(as_text=True)
    assert first.case.reference in text
    assert second.case.reference in text
    assert "amina@example.org" not in text
    assert "Amina" not in text
    assert client.get(url, headers={"If-None-Match": response.headers["ETag"]}).status_code == 304
    renewed = office_feed_url(client)
    assert client.get(url).status_code == 404  # the old address died with the new one
    assert client.get(renewed).status_code == 200
    client.post("/staff/feed/office/revoke")
    assert client.get(renewed).status_code == 404


def test_a_counsellor_cannot_make_an_office_feed(client, auth, office):
    auth.login(office[0].email)
    assert client.post("/staff/feed/office").status_code == 403


def test_the_closures_feed_answers_304_and_names_the_reason(client, office, db):
    db.session.add(Closure(day=date(2026, 12, 24), reason="team_day", public_note="Feier"))
    db.session.commit()
    first = client.get("/closures.ics")
    [event] = events(first)
    assert "Feier" in str(event["SUMMARY"])
    tag = first.headers["ETag"]
    assert client.get("/closures.ics", headers={"If-None-Match": tag}).status_code == 304
    db.session.add(Closure(day=date(2026, 12, 31), reason="other"))
    db.session.commit()
    assert client.get("/closures.ics", headers={"If-None-Match": tag}).status_code == 200


@pytest.mark.parametrize("path", ["/staff/feed/{}.ics", "/staff/feed/office/{}.ics"])
def test_a_wrong_token_with_a_tag_is_still_404(client, office, path):
    url = path.format("x" * 43)
    assert client.get(url, headers={"If-None-Match": '"abc"'}).status_code == 404
