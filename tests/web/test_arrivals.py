"""Arrival check-in at reception: by typed or scanned reference, idempotent, shown to the
counsellor as "waiting since", and a QR code on confirmations that holds nothing personal."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from intake.core.links import check_in_url
from intake.models import Appointment, AuditEvent, OutboxMessage
from tests.helpers import NOW, book_by_api

TEN = NOW + timedelta(hours=1)  # Monday 10:00 in Dresden


@pytest.fixture
def expected(office, make_appointment) -> Appointment:
    return make_appointment(counsellor=office[0], start=TEN, status="confirmed")


def either(text: str, *words: str) -> bool:
    """German once the catalogue has the new words, English until then."""
    return any(word in text for word in words)


def arrived_at(db, appointment):
    db.session.expire_all()
    return db.session.get(Appointment, appointment.id).arrived_at


def check_ins(db) -> int:
    query = select(AuditEvent).where(AuditEvent.action == "arrival_checked_in")
    return len(db.session.scalars(query).all())


def test_any_staff_member_checks_a_person_in_by_reference(client, auth, db, expected):
    auth.login_as("counsellor", name="Reception")
    response = client.post("/staff/arrivals", data={"reference": expected.case.reference})
    assert response.status_code == 303
    assert arrived_at(db, expected) == NOW
    page = client.get("/staff/arrivals").get_data(as_text=True)
    assert either(page, "Waiting since 09:00", "Wartet seit 09:00")


def test_checking_in_twice_changes_nothing(client, auth, db, expected, monkeypatch):
    auth.login_as("counsellor")
    client.post("/staff/arrivals", data={"reference": expected.case.reference})
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW + timedelta(minutes=7))
    again = client.post("/staff/arrivals", data={"reference": expected.case.reference})
    assert again.status_code == 303
    page = client.get("/staff/arrivals").get_data(as_text=True)
    assert either(page, "was already checked in: waiting since 09:00", "bereits angemeldet")
    assert arrived_at(db, expected) == NOW
    assert check_ins(db) == 1


@pytest.mark.parametrize("typed", ["eb {0}", " {0} ", "EB{0}"])
def test_a_reference_typed_any_way_is_found(client, auth, db, expected, typed):
    plain = expected.case.reference.removeprefix("EB-")
    auth.login_as("counsellor")
    data = {"reference": typed.format(plain.replace("-", " ").lower())}
    assert client.post("/staff/arrivals", data=data).status_code == 303
    assert arrived_at(db, expected) == NOW


@pytest.mark.parametrize("reference", ["", "EB-XXXX-XX", "<script>", "x" * 500])
def test_an_unknown_reference_is_refused_and_nothing_changes(client, auth, db, expected, reference):
    auth.login_as("counsellor")
    response = client.post("/staff/arrivals", data={"reference": reference})
    assert response.status_code == 422
    assert 'class="error"' in response.get_data(as_text=True)
    assert "<script>" not in response.get_data(as_text=True)
    assert arrived_at(db, expected) is None
    assert check_ins(db) == 0


def test_an_appointment_of_another_day_is_not_checked_in(
    client, auth, db, office, make_appointment
):
    tomorrow = make_appointment(counsellor=office[0], start=TEN + timedelta(days=1))
    auth.login_as("counsellor")
    response = client.post("/staff/arrivals", data={"reference": tomorrow.case.reference})
    assert response.status_code == 422
    assert arrived_at(db, tomorrow) is None


def test_the_counsellors_inbox_and_day_list_say_waiting_since(client, auth, db, expected):
    auth.login_as("counsellor")
    client.post("/staff/arrivals", data={"reference": expected.case.reference})
    auth.logout()
    auth.login(expected.counsellor.email)
    page = client.get("/staff/").get_data(as_text=True)
    assert page.count("09:00") >= 2
    assert f'id="waiting-{expected.id}"' in page
    assert either(page, "waiting since 09:00", "wartet seit 09:00")


def test_the_qr_address_shows_the_appointment_and_a_get_changes_nothing(client, auth, db, expected):
    path = check_in_url(expected.case.reference).removeprefix("http://127.0.0.1:5000")
    assert path == f"/staff/arrivals/{expected.case.reference}"
    assert "/staff/login" in client.get(path).headers["Location"]
    auth.login_as("counsellor")
    for _ in range(3):
        page = client.get(path)
        assert page.status_code == 200
    assert expected.case.reference in page.get_data(as_text=True)
    assert "Amina" not in page.get_data(as_text=True)
    assert arrived_at(db, expected) is None
    assert client.get("/staff/arrivals/EB-XXXX-XX").status_code == 404


def test_the_confirmation_mail_carries_the_check_in_code_and_nothing_more(client, db, office):
    answer = book_by_api(client)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "received"))
    assert 'src="data:image/png;base64,' in mail.body_html
    assert answer["reference"] in mail.body_html
    assert "/staff/arrivals" not in mail.body_text  # the address is only inside the code


def test_the_printed_confirmation_carries_the_check_in_code(client, auth, db, office, expected):
    auth.login(office[0].email)
    case = expected.case
    page = client.get(f"/staff/requests/{case.id}/confirmation").get_data(as_text=True)
    assert page.count("<svg") == 2
