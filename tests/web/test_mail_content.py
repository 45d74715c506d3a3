"""What the mails say and carry: an unconfirmed time is called unconfirmed, a cancellation
points at a page that still exists, headers mark the mail as automatic, and right-to-left
plain text keeps Latin addresses and numbers in order."""

import re
from datetime import timedelta
from email.utils import parsedate_to_datetime

import pytest
from bidi import get_display
from icalendar import Calendar
from sqlalchemy import select

from intake.core import clock
from intake.mail import sender
from intake.models import OfficeSettings, OutboxMessage
from tests.helpers import NOW, TUESDAY_9, book_by_api, manage_path
from tests.smtp import SMTPServer, free_port

NOT_CONFIRMED = (
    "This time is not confirmed yet. You will get a second e-mail when the office has confirmed it."
)
ISOLATES = re.compile("[\u2066-\u2069]")


def mails_to(db, email="amina@example.org") -> list[OutboxMessage]:
    return db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id)
    ).all()


def test_request_received_for_an_unconfirmed_time_says_a_second_mail_will_confirm_it(
    client, db, office
):
    book_by_api(client, start=TUESDAY_9, accept_language="en")
    [received] = mails_to(db)
    assert received.kind == "received"
    assert NOT_CONFIRMED in received.body_text
    assert NOT_CONFIRMED in received.body_html


def test_no_such_warning_when_the_time_is_confirmed_or_there_is_no_time(client, db, office):
    book_by_api(client, start=None, preferred_times="mornings", accept_language="en")
    db.session.get(OfficeSettings, 1).confirm_automatically = True
    db.session.commit()
    book_by_api(client, start=TUESDAY_9, email="b@example.org", accept_language="en")
    for message in (*mails_to(db), *mails_to(db, "b@example.org")):
        assert NOT_CONFIRMED not in message.body_text


def test_the_cancellation_mail_links_to_a_new_request_not_to_the_dead_manage_page(
    client, db, office
):
    answer = book_by_api(client, start=TUESDAY_9, accept_language="en")
    assert client.post(manage_path(answer) + "/cancel").status_code == 303
    _, cancelled = mails_to(db)
    token = manage_path(answer).rsplit("/", 1)[1]
    description = str(Calendar.from_ical(cancelled.ics).walk("VEVENT")[0]["DESCRIPTION"])
    for text in (cancelled.body_text, cancelled.body_html, description):
        assert token not in text
        [link] = set(re.findall(r"https?://[^\s<\"]+/request\b", text))
        assert client.get("/" + link.split("/", 3)[3]).status_code == 200
    assert client.get(manage_path(answer)).status_code == 404


def test_an_office_cancellation_keeps_the_manage_link_that_still_works(client, db, office):
    from intake.booking import office_actions
    from intake.booking.appointments import active_appointment
    from intake.models import Case

    answer = book_by_api(client, start=TUESDAY_9, accept_language="en")
    case = db.session.scalar(select(Case))
    office_actions.cancel_by_office(active_appointment(case), by_id=office[0].id, now=NOW)
    db.session.commit()
    _, cancelled = mails_to(db)
    assert answer["manage_url"] in cancelled.body_text
    assert client.get(manage_path(answer)).status_code == 200


@pytest.fixture
def smtp():
    server = SMTPServer(free_port())
    server.start()
    yield server
    server.stop()


def test_every_message_has_a_date_a_unique_message_id_and_says_it_is_automatic(
    make_app, smtp, office
):
    app = make_app(MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port)
    with app.app_context():
        book_by_api(app.test_client(), start=TUESDAY_9)
        assert sender.send_due(clock.now() + timedelta(seconds=1)) == 2
    ids = set()
    for message in smtp.messages:
        assert parsedate_to_datetime(message["Date"]) == NOW
        assert re.fullmatch(r"<[^@<>\s]+@dresden\.de>", message["Message-ID"])
        assert message["Auto-Submitted"] == "auto-generated"
        ids.add(message["Message-ID"])
    assert len(ids) == 2


@pytest.mark.parametrize("lang", ["ar", "fa"])
def test_right_to_left_plain_text_keeps_latin_lines_in_order(app, client, db, office, lang):
    """Laid out right to left as a mail client would, each Latin run reads as written."""
    answer = book_by_api(client, start=TUESDAY_9, accept_language=lang, name="Amina")
    [received] = mails_to(db)
    config = app.config
    lines = received.body_text.splitlines()
    shown = [ISOLATES.sub("", get_display(line, base_dir="R")) for line in lines]
    for latin in (
        config["OFFICE_PHONE"],
        answer["reference"],
        answer["manage_url"],
        f"{config['OFFICE_STREET']}, {config['OFFICE_POSTCODE_CITY']}",
        config["OFFICE_NAME"],
    ):
        assert any(latin in line for line in shown), latin
