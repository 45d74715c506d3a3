"""The times offered fit the language; a counsellor who does not speak it means interpreting,
flagged for the office and shown to the requester, never a silent mismatch."""

from datetime import datetime

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from intake.calendar_files.feeds import counsellor_feed
from intake.models import Appointment, OutboxMessage, WorkingHours
from tests.helpers import NOW, TUESDAY_9, book_by_api, manage_path

THURSDAY_11 = "2026-11-19T11:00:00+01:00"

WITH_INTERPRETER = "(with an interpreter, free of charge)"


@pytest.fixture
def arabic_speaker_taken(office, make_appointment):
    """Tuesday 09:00: the only Arabic-speaking counsellor (a) is booked, b (de, ru) is free."""
    arabic, _other = office
    return make_appointment(counsellor=arabic, start=datetime.fromisoformat(TUESDAY_9))


def staff_notices(db, recipient=None):
    query = select(OutboxMessage).where(OutboxMessage.kind == "staff_notice")
    if recipient:
        query = query.where(OutboxMessage.recipient == recipient)
    db.session.expire_all()
    return db.session.scalars(query.order_by(OutboxMessage.id)).all()


def slot_label(page: str, start: str) -> str:
    """The text of the label of the radio button for `start`."""
    at = page.index(f'value="{start}"')
    return page[at : page.index("</li>", at)]


def test_arabic_speaker_is_booked_with_a_non_speaker_only_with_interpreting_flagged(
    client, db, arabic_speaker_taken
):
    answer = book_by_api(client, language="ar", accept_language="ar")
    assert answer["interpreter_language"] == "ar"
    appointment = db.session.scalars(
        select(Appointment).where(Appointment.id != arabic_speaker_taken.id)
    ).one()
    assert appointment.interpreter_language == "ar"


def test_a_speaker_of_the_language_is_booked_without_interpreting(client, db, office):
    answer = book_by_api(client, language="ar", accept_language="ar")
    assert answer["interpreter_language"] is None
    appointment = db.session.scalars(select(Appointment)).one()
    assert appointment.counsellor_id == office[0].id


def test_a_requested_interpreter_is_flagged_on_the_appointment(client, db, office):
    answer = book_by_api(client, language="de", interpreter_language="dgs")
    assert answer["interpreter_language"] == "dgs"
    assert db.session.scalars(select(Appointment.interpreter_language)).one() == "dgs"


def in_language(lang: str, text: str) -> str:
    with force_locale(lang):
        return _(text)


def test_form_marks_a_time_when_only_non_speakers_are_free_as_with_interpreter(
    client, arabic_speaker_taken
):
    page = client.get("/ar/request").get_data(as_text=True)
    marked = in_language("ar", WITH_INTERPRETER)
    assert marked in slot_label(page, TUESDAY_9)
    assert marked not in slot_label(page, "2026-11-17T10:00:00+01:00")


def test_changing_the_language_without_javascript_reloads_matching_times_keeping_input(
    client, arabic_speaker_taken
):
    """The slot list follows the language question on a plain submit ("Show matching times"),
    and nothing typed is lost."""
    german = client.get("/de/request").get_data(as_text=True)
    marked = in_language("de", WITH_INTERPRETER)
    assert marked not in slot_label(german, TUESDAY_9)
    page = client.post(
        "/de/request",
        data={"talk_language": "ar", "mode": "in_person", "name": "Nour", "show_from": ""},
    ).get_data(as_text=True)
    assert marked in slot_label(page, TUESDAY_9)
    assert 'value="Nour"' in page


def test_language_question_comes_before_the_times_in_the_form(client, office):
    page = client.get("/de/request").get_data(as_text=True)
    assert page.index('name="talk_language"') < page.index('name="show_from"')
    assert page.index('name="interpreter_language"') < page.index('name="start"')


def test_times_fit_the_chosen_way_of_talking(client, db, office):
    """Only b offers phone calls on Tuesday: a's Tuesday times vanish for "By phone"."""
    arabic, other = office
    arabic.offers_phone = False
    other.offers_phone = True
    db.session.query(WorkingHours).filter_by(user_id=other.id, weekday=1).delete()
    db.session.commit()
    phone = client.post("/de/request", data={"mode": "phone", "show_from": ""})
    assert TUESDAY_9 not in phone.get_data(as_text=True)
    assert TUESDAY_9 in client.get("/de/request").get_data(as_text=True)


def test_staff_notice_says_which_interpreter_is_needed_without_personal_data(
    client, db, arabic_speaker_taken
):
    book_by_api(client, language="ar", name="Nour-Unique", email="nour@example.org")
    bodies = " ".join(message.body_text for message in staff_notices(db))
    with force_locale("de"):
        expected = _("An interpreter is needed: %(language)s.", language="Arabisch")
    assert expected in bodies
    assert "Nour-Unique" not in bodies
    assert "nour@example.org" not in bodies


def test_sign_language_request_reaches_the_staff_notice(client, db, office):
    book_by_api(client, interpreter_language="dgs", start=None, preferred_times="mornings")
    with force_locale("de"):
        expected = _("German Sign Language (DGS)")
    assert expected in " ".join(message.body_text for message in staff_notices(db))


def test_counsellor_feed_entry_says_interpreter_dgs(client, db, office):
    book_by_api(client, interpreter_language="dgs")
    appointment = db.session.scalars(select(Appointment)).one()
    feed = counsellor_feed(appointment.counsellor, now=NOW).decode()
    with force_locale("de"):
        expected = _("interpreter: %(language)s", language="DGS")
    assert expected in feed.replace("\r\n ", "")


def test_move_keeps_the_counsellor_when_they_are_free(client, db, office, make_appointment):
    """Even when a colleague is less busy that day (otherwise the colleague would get it)."""
    answer = book_by_api(client)
    first = db.session.scalars(select(Appointment)).one().counsellor
    make_appointment(counsellor=first, start=datetime.fromisoformat("2026-11-19T09:00:00+01:00"))
    response = client.post(manage_path(answer) + "/move", data={"start": THURSDAY_11})
    assert response.status_code == 303
    db.session.expire_all()
    moved = db.session.scalars(
        select(Appointment).where(
            Appointment.starts_at == datetime.fromisoformat("2026-11-19T11:00:00+01:00")
        )
    ).one()
    assert moved.counsellor_id == first.id
    assert not [m for m in staff_notices(db) if "moved" in m.subject]


def test_move_to_another_counsellor_tells_both_without_personal_data(
    client, db, office, make_appointment
):
    arabic, other = office
    answer = book_by_api(client, name="Nour-Unique", email="nour@example.org")
    booked = db.session.scalars(select(Appointment)).one()
    keeper = arabic if booked.counsellor_id == arabic.id else other
    colleague = other if keeper is arabic else arabic
    make_appointment(counsellor=keeper, start=datetime.fromisoformat("2026-11-19T11:00:00+01:00"))
    response = client.post(manage_path(answer) + "/move", data={"start": THURSDAY_11})
    assert response.status_code == 303
    subject = in_language("de", "An appointment moved to another counsellor")
    for user in (keeper, colleague):
        notices = [m for m in staff_notices(db, user.email) if m.subject == subject]
        assert len(notices) == 1, user.email
        assert "Nour-Unique" not in notices[0].body_text
        assert "nour@example.org" not in notices[0].body_text
        assert booked.case.reference not in notices[0].body_text


def test_move_page_leaves_out_the_time_already_booked(client, db, office):
    answer = book_by_api(client)
    page = client.get(manage_path(answer) + "/move").get_data(as_text=True)
    assert f'value="{TUESDAY_9}"' not in page
    assert 'value="2026-11-17T10:00:00+01:00"' in page


def test_moving_to_the_time_already_booked_is_refused_and_sends_nothing(client, db, office):
    answer = book_by_api(client)
    before = db.session.scalars(select(OutboxMessage.id)).all()
    response = client.post(manage_path(answer) + "/move", data={"start": TUESDAY_9})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.scalars(select(OutboxMessage.id)).all() == before
    assert db.session.scalars(select(Appointment.status)).all() == ["requested"]


def test_manage_page_tells_the_requester_an_interpreter_is_booked(client, arabic_speaker_taken):
    answer = book_by_api(client, language="ar", accept_language="ar")
    page = client.get(manage_path(answer)).get_data(as_text=True)
    with force_locale("ar"):
        from intake.core.vocabulary import language_name

        expected = _(
            "We book an interpreter for %(language)s. This is free of charge for you.",
            language=language_name("ar"),
        )
    assert expected in page
