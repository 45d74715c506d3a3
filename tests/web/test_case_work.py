"""The counsellor workspace: each action on a case changes its status, writes the timeline
and tells the requester in their language with the right calendar file."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import select

from intake.models import (
    Appointment,
    AuditEvent,
    Case,
    CaseNote,
    OfficeSettings,
    OutboxMessage,
    ReferralService,
    SlotOffer,
)
from tests.conftest import PASSWORD
from tests.helpers import NOW, book_by_api, count, manage_path

THURSDAY_10 = datetime(2026, 11, 19, 9, tzinfo=UTC)  # 10:00 in Dresden
CYRILLIC = re.compile("[\u0400-\u04ff]{4}")


@pytest.fixture
def requested(client, db, office) -> Case:
    """A Ukrainian speaker booked Tuesday 09:00; it went to the first counsellor."""
    book_by_api(client, accept_language="uk", language="uk", name="Olha", email="o@example.org")
    case = db.session.scalar(select(Case))
    assert case.counsellor_id == office[0].id
    return case


def mails(db, kind: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)))


def event_of(message: OutboxMessage):
    calendar = Calendar.from_ical(message.ics)
    [event] = calendar.walk("VEVENT")
    return calendar, event


def act(client, case: Case, action: str, **data):
    data.setdefault("version", case.version)
    return client.post(
        f"/staff/cases/{case.id}/{action}", data=data, headers={"Accept-Language": "en"}
    )


def actions_of(db, case: Case) -> list[str]:
    query = select(AuditEvent.action).where(AuditEvent.case_id == case.id).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def fresh(db, case: Case) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case.id)


def test_confirming_tells_the_requester_in_her_language_with_a_request_ics(
    client, auth, db, office, requested
):
    auth.login(office[0].email)
    response = act(client, requested, "confirm", message="Bitte bringen Sie Ihren Pass mit.")
    assert response.status_code == 303
    case = fresh(db, requested)
    assert case.status == "scheduled"
    assert case.appointments[0].status == "confirmed"
    [message] = mails(db, "confirmed")
    assert CYRILLIC.search(message.subject)
    assert "Bitte bringen Sie Ihren Pass mit." in message.body_text
    calendar, event = event_of(message)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert int(event["SEQUENCE"]) == 1
    assert "appointment_confirmed" in actions_of(db, case)


def test_an_outdated_page_changes_nothing_and_says_so(client, auth, db, office, requested):
    auth.login(office[0].email)
    old_version = requested.version
    assert act(client, requested, "confirm").status_code == 303
    again = act(client, requested, "confirm", version=old_version)
    assert again.status_code == 409
    assert "has changed since the page was loaded" in again.get_data(as_text=True)
    assert len(mails(db, "confirmed")) == 1


def test_the_same_form_sent_twice_does_nothing_twice(client, auth, db, office, requested):
    auth.login_as("lead")
    version = requested.version
    first = act(client, requested, "assign", version=version, to=office[1].id)
    second = act(client, requested, "assign", version=version, to=office[1].id)
    assert (first.status_code, second.status_code) == (303, 409)
    assert len(mails(db, "staff_handover")) == 1


def test_proposal_moves_the_event_and_the_requester_accepts_on_the_manage_page(
    client, auth, db, office, requested
):
    uid = requested.appointments[0].ical_uid
    auth.login(office[0].email)
    start = THURSDAY_10.isoformat()
    assert act(client, requested, "propose", start=start).status_code == 303
    case = fresh(db, requested)
    assert case.status == "waiting"
    assert case.appointments[0].status == "cancelled"
    [proposal] = mails(db, "proposed")
    _, event = event_of(proposal)
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert "повідомте нас на сторінці Вашої заявки, чи підходить Вам цей час" in proposal.body_text
    auth.logout()

    manage = manage_path({"manage_url": re.search(r"https?://\S+/r/[\w-]+", proposal.body_text)[0]})
    page = client.get(manage).get_data(as_text=True)
    assert "Yes, this time suits me" in page or CYRILLIC.search(page)
    [offer] = db.session.scalars(select(SlotOffer)).all()
    assert client.post(f"{manage}/offers/{offer.id}/accept").status_code == 303
    case = fresh(db, requested)
    assert case.status == "scheduled"
    booked = [a for a in case.appointments if a.is_active]
    assert [(a.starts_at, a.status, a.ical_uid) for a in booked] == [
        (THURSDAY_10, "confirmed", uid)
    ]
    _, confirmed = event_of(mails(db, "confirmed")[0])
    assert int(confirmed["SEQUENCE"]) == 2


def test_declining_a_proposal_returns_the_case_to_the_inbox(client, auth, db, office, requested):
    auth.login(office[0].email)
    act(client, requested, "propose", start=THURSDAY_10.isoformat())
    auth.logout()
    offer = db.session.scalar(select(SlotOffer))
    manage = manage_path(
        {"manage_url": re.search(r"https?://\S+/r/[\w-]+", mails(db, "proposed")[0].body_text)[0]}
    )
    assert client.post(f"{manage}/offers/{offer.id}/decline").status_code == 303
    assert fresh(db, requested).status == "new"
    assert db.session.get(SlotOffer, offer.id).status == "declined"
    assert count(db, Appointment) == 1  # the cancelled one; nothing booked


def test_a_declined_proposal_leaves_the_requesters_calendar_and_its_holder_is_told(
    client, auth, db, office, requested
):
    auth.login(office[0].email)
    act(client, requested, "propose", start=THURSDAY_10.isoformat())
    auth.logout()
    _, proposed = event_of(mails(db, "proposed")[0])
    offer = db.session.scalar(select(SlotOffer))
    manage = manage_path(
        {"manage_url": re.search(r"https?://\S+/r/[\w-]+", mails(db, "proposed")[0].body_text)[0]}
    )
    assert client.post(f"{manage}/offers/{offer.id}/decline").status_code == 303

    [answer] = mails(db, "proposal_declined")
    assert answer.recipient == "o@example.org"
    assert CYRILLIC.search(answer.subject)
    calendar, event = event_of(answer)
    # The same event as the proposal's, one sequence later, cancelled: calendars drop it.
    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == str(proposed["UID"])
    assert int(event["SEQUENCE"]) == int(proposed["SEQUENCE"]) + 1
    assert "10:00" not in answer.body_text  # the released time is not shown as if it held

    [notice] = mails(db, "staff_proposal_declined")
    assert notice.recipient == office[0].email
    assert requested.reference in notice.subject
    assert f"/staff/cases/{requested.id}" in notice.body_text
    assert "Olha" not in notice.body_text
    assert "o@example.org" not in notice.body_text


def test_accepting_a_time_taken_meanwhile_books_nothing(client, auth, db, office, requested):
    auth.login(office[0].email)
    act(client, requested, "propose", start=THURSDAY_10.isoformat())
    auth.logout()
    # Somebody else books the very same time with the same counsellor first.
    book_by_api(client, language="ar", start="2026-11-19T10:00:00+01:00", email="x@example.org")
    offer = db.session.scalar(select(SlotOffer))
    manage = manage_path(
        {"manage_url": re.search(r"https?://\S+/r/[\w-]+", mails(db, "proposed")[0].body_text)[0]}
    )
    page = client.post(f"{manage}/offers/{offer.id}/accept", follow_redirects=True)
    assert page.status_code == 200
    assert fresh(db, requested).status == "waiting"
    taken = db.session.scalars(select(Appointment).where(Appointment.case_id == requested.id))
    assert [a.status for a in taken] == ["cancelled"]


def test_a_proposal_must_be_one_of_the_counsellors_own_free_times(
    client, auth, db, office, requested
):
    auth.login(office[0].email)
    response = act(client, requested, "propose", start="2026-11-18T09:00:00+01:00")  # closed
    assert response.status_code == 422
    assert fresh(db, requested).status == "new"
    assert count(db, SlotOffer) == 0


def test_handing_over_notifies_the_colleague_without_personal_data(
    client, auth, db, office, requested
):
    requested.description = "SECRET-DESCRIPTION"
    db.session.commit()
    auth.login(office[0].email)
    assert act(client, requested, "assign", to=office[1].id).status_code == 303
    assert fresh(db, requested).counsellor_id == office[1].id
    [notice] = mails(db, "staff_handover")
    assert notice.recipient == office[1].email
    for secret in ("Olha", "o@example.org", "SECRET-DESCRIPTION"):
        assert secret not in notice.body_text + notice.subject
    assert requested.reference in notice.body_text


def test_referral_tells_the_requester_where_to_go_and_cancels_the_time(
    client, auth, db, office, requested
):
    service = ReferralService(name="Jugendmigrationsdienst Dresden", address="Musterstraße 1")
    db.session.add(service)
    db.session.commit()
    auth.login(office[0].email)
    assert act(client, requested, "refer", service=service.id, message="").status_code == 303
    case = fresh(db, requested)
    assert (case.status, case.referral_id) == ("referred", service.id)
    assert case.appointments[0].status == "cancelled"
    [message] = mails(db, "referred")
    assert "Jugendmigrationsdienst Dresden" in message.body_text
    assert CYRILLIC.search(message.subject)
    calendar, _ = event_of(message)
    assert str(calendar["METHOD"]) == "CANCEL"


def test_declining_gives_the_reason_in_the_requesters_language(client, auth, db, office, requested):
    auth.login(office[0].email)
    assert act(client, requested, "decline", reason="no_capacity", message="").status_code == 303
    case = fresh(db, requested)
    assert (case.status, case.decline_reason) == ("declined", "no_capacity")
    [message] = mails(db, "declined")
    assert CYRILLIC.search(message.body_text.split("\n", 3)[2])


def test_an_unknown_decline_reason_is_refused_and_changes_nothing(
    client, auth, db, office, requested
):
    auth.login(office[0].email)
    assert act(client, requested, "decline", reason="because").status_code == 422
    assert fresh(db, requested).status == "new"


def test_outcomes_are_recorded_only_after_the_time(
    client, auth, db, office, requested, monkeypatch
):
    appointment = requested.appointments[0]
    auth.login(office[0].email)
    early = client.post(
        f"/staff/appointments/{appointment.id}/complete", data={"version": requested.version}
    )
    assert early.status_code == 409
    later = appointment.starts_at + timedelta(minutes=70)
    monkeypatch.setattr("intake.core.clock.now", lambda: later)
    auth.logout()
    auth.login(office[0].email)
    response = client.post(
        f"/staff/appointments/{appointment.id}/no-show", data={"version": requested.version}
    )
    assert response.status_code == 303
    assert db.session.get(Appointment, appointment.id).status == "no_show"


def test_a_note_can_be_corrected_for_fifteen_minutes_then_it_is_fixed(
    client, auth, db, office, requested, monkeypatch
):
    auth.login(office[0].email)
    assert act(client, requested, "notes", body="Rückruf vereinbart").status_code == 303
    note = db.session.scalar(select(CaseNote))
    path = f"/staff/cases/{requested.id}/notes/{note.id}"
    assert client.post(f"{path}/edit", data={"body": "Rückruf am Mittwoch"}).status_code == 303
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW + timedelta(minutes=16))
    auth.logout()
    auth.login(office[0].email)
    late = client.post(f"{path}/edit", data={"body": "changed later"})
    assert late.status_code == 409
    assert client.post(f"{path}/delete").status_code == 409
    db.session.expire_all()
    assert db.session.get(CaseNote, note.id).body == "Rückruf am Mittwoch"


def test_a_colleague_cannot_correct_someone_elses_note(client, auth, db, office, make_user):
    lead = make_user(role="lead")
    book_by_api(client, start=None, preferred_times="morgens")
    case = db.session.scalar(select(Case))
    auth.login(office[0].email)
    act(client, case, "notes", body="von A")
    note = db.session.scalar(select(CaseNote))
    auth.logout()
    auth.login(lead.email)
    response = client.post(f"/staff/cases/{case.id}/notes/{note.id}/edit", data={"body": "B"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(CaseNote, note.id).body == "von A"


def test_close_and_reopen(client, auth, db, office):
    book_by_api(client, start=None, preferred_times="morgens")
    case = db.session.scalar(select(Case))
    auth.login(office[0].email)
    assert act(client, case, "close").status_code == 303
    case = fresh(db, case)
    assert (case.status, case.closed_at) == ("closed", NOW)
    assert act(client, case, "reopen").status_code == 303
    assert fresh(db, case).status == "in_progress"


def test_a_case_with_a_coming_appointment_cannot_be_closed(client, auth, db, office, requested):
    auth.login(office[0].email)
    assert act(client, requested, "close").status_code == 409
    assert fresh(db, requested).status == "new"


def test_follow_up_is_booked_with_the_cases_counsellor(client, auth, db, office):
    book_by_api(client, start=None, preferred_times="morgens")
    case = db.session.scalar(select(Case))
    auth.login(office[1].email)
    act(client, case, "assign", to=office[1].id)
    case = fresh(db, case)
    response = act(client, case, "follow-up", start=THURSDAY_10.isoformat())
    assert response.status_code == 303
    [appointment] = fresh(db, case).appointments
    assert (appointment.counsellor_id, appointment.status) == (office[1].id, "confirmed")


def test_video_appointments_carry_a_room_link_without_personal_data(client, auth, db, office):
    settings = db.session.get(OfficeSettings, 1)
    settings.video_room_template = "https://meet.example.org/intake-{token}"
    db.session.commit()
    answer = book_by_api(client, mode="video", name="Olha", email="o@example.org")
    appointment = db.session.scalar(select(Appointment))
    assert len(appointment.room_token) >= 24
    link = f"https://meet.example.org/intake-{appointment.room_token}"
    assert "Olha" not in link
    assert "o@example.org" not in link
    [received] = mails(db, "received")
    assert link in received.body_text
    _, event = event_of(received)
    assert link in str(event["LOCATION"])
    assert link in client.get(manage_path(answer)).get_data(as_text=True)
    auth.login(office[0].email)
    staff_page = client.get(f"/staff/cases/{appointment.case_id}").get_data(as_text=True)
    assert f'href="{link}"' in staff_page, "the counsellor opens the same room"


def test_viewing_a_case_is_audited_without_its_content(client, auth, db, office, requested):
    auth.login(office[0].email)
    assert client.get(f"/staff/cases/{requested.id}").status_code == 200
    [view] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case_viewed"))
    assert (view.actor_id, view.case_id) == (office[0].id, requested.id)
    assert "Olha" not in view.detail
    assert "@" not in view.detail


def test_the_timeline_shows_actions_and_mail_delivery_state(client, auth, db, office, requested):
    auth.login(office[0].email)
    act(client, requested, "confirm")
    page = client.get(f"/staff/cases/{requested.id}", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert "Appointment confirmed" in text
    assert "Confirmation of the appointment, waiting to be sent" in text


def test_choosing_a_time_oneself_withdraws_the_open_proposal(client, auth, db, office, requested):
    auth.login(office[0].email)
    act(client, requested, "propose", start=THURSDAY_10.isoformat())
    auth.logout()
    manage = manage_path(
        {"manage_url": re.search(r"https?://\S+/r/[\w-]+", mails(db, "proposed")[0].body_text)[0]}
    )
    moved = client.post(f"{manage}/move", data={"start": "2026-11-19T11:00:00+01:00"})
    assert moved.status_code == 303
    assert db.session.scalar(select(SlotOffer)).status == "withdrawn"
    assert fresh(db, requested).status == "new"


def test_the_inbox_and_the_case_page_name_the_preferred_periods_in_words(client, auth, db, office):
    chosen = ["mon_morning", "mon_afternoon", "thu_afternoon"]
    book_by_api(client, start=None, preferred_periods=chosen, preferred_times="nicht vor 10 Uhr")
    case = db.session.scalar(select(Case))
    auth.login_as("lead")
    german = {"Accept-Language": "de"}
    inbox = client.get("/staff/", headers=german).get_data(as_text=True)
    page = client.get(f"/staff/cases/{case.id}", headers=german).get_data(as_text=True)
    words = (
        "Montag: Vormittag und Nachmittag · Donnerstag: Nachmittag · <bdi>nicht vor 10 Uhr</bdi>"
    )
    assert words in inbox
    assert words in page


def test_a_case_handed_over_keeps_its_new_holder_when_confirmed(
    client, auth, db, office, requested
):
    book_by_api(client, name="Busy", email="busy@example.org")  # the colleague's Tuesday 09:00
    auth.login(office[0].email)
    assert act(client, requested, "assign", to=office[1].id).status_code == 303
    auth.logout()
    auth.login(office[1].email)
    assert act(client, fresh(db, requested), "confirm").status_code == 303
    case = fresh(db, requested)
    assert case.counsellor_id == office[1].id, "confirming must not give the case back"
    assert client.get(f"/staff/cases/{case.id}").status_code == 200


def test_the_booked_time_goes_with_the_case_to_a_free_colleague(
    client, auth, db, office, requested
):
    auth.login(office[0].email)
    response = act(client, requested, "assign", to=office[1].id)
    assert response.headers["Location"].endswith("/staff/"), "the inbox, not a 404 case page"
    [appointment] = fresh(db, requested).appointments
    assert (appointment.counsellor_id, appointment.status) == (office[1].id, "requested")
    assert appointment.interpreter_language == "uk", "she speaks no Ukrainian either"
    page = client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"The case is now with {office[1].name}." in page
    assert "case_access_denied" not in actions_of(db, requested)


def test_a_time_the_colleague_is_not_free_for_stays_and_the_page_says_so(
    client, auth, db, office, requested
):
    book_by_api(client, name="Busy", email="busy@example.org")  # Tuesday 09:00, second counsellor
    assert db.session.scalars(select(Appointment.counsellor_id)).all() == [
        office[0].id,
        office[1].id,
    ]
    auth.login(office[0].email)
    act(client, requested, "assign", to=office[1].id)
    [appointment] = fresh(db, requested).appointments
    assert appointment.counsellor_id == office[0].id, "the colleague is busy then"
    page = client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert f"stays with {office[0].name}, because the new holder is not free then" in page


def test_taking_a_case_over_says_it_is_now_yours(client, auth, db, office, requested):
    requested.counsellor_id = None  # in the unassigned queue, its time with the first one
    db.session.commit()
    auth.login(office[1].email)
    act(client, requested, "assign", to=office[1].id)
    page = client.get(f"/staff/cases/{requested.id}", headers={"Accept-Language": "en"})
    assert "You now hold this case." in page.get_data(as_text=True)
    assert fresh(db, requested).appointments[0].counsellor_id == office[1].id


def test_an_action_on_a_case_a_colleague_took_meanwhile_says_so(
    app, client, auth, db, office, requested
):
    requested.counsellor_id = None  # unassigned: both counsellors have it open
    db.session.commit()
    auth.login(office[1].email)
    shown = fresh(db, requested)
    assert client.get(f"/staff/cases/{shown.id}").status_code == 200
    colleague = app.test_client()
    colleague.post("/staff/login", data={"email": office[0].email, "password": PASSWORD})
    assert act(colleague, shown, "assign", to=office[0].id).status_code == 303
    late = act(client, shown, "confirm")
    assert late.status_code == 303
    assert late.headers["Location"].endswith("/staff/")
    inbox = client.get("/staff/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "A colleague has taken this case over since your page was loaded" in inbox
    case = fresh(db, requested)
    assert (case.counsellor_id, case.appointments[0].status) == (office[0].id, "requested")
    assert "case_access_denied" not in actions_of(db, case)


def test_every_id_on_a_busy_case_page_is_unique(make_app, db, office, requested):
    requested.counsellor_id = None  # the take-over form shows beside the hand-over form
    db.session.add_all(
        CaseNote(case_id=requested.id, author_id=office[1].id, body=body, created_at=NOW)
        for body in ("Erste Notiz", "Zweite Notiz")
    )
    db.session.commit()
    client = make_app(WTF_CSRF_ENABLED=True).test_client()  # CSRF fields render only then
    login = client.get("/staff/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post(
        "/staff/login",
        data={"email": office[1].email, "password": PASSWORD, "csrf_token": token},
        headers={"Origin": "http://localhost"},
    )
    page = client.get(f"/staff/cases/{requested.id}").get_data(as_text=True)
    assert page.count('name="csrf_token"') > 10
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
