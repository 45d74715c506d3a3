"""POST /api/v1/requests: same rules and errors as the form, in JSON."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import select

from intake.core import preferred_periods
from intake.models import Appointment, AuditEvent, Case, OutboxMessage
from tests.helpers import count, manage_path, request_body


def body(**changes) -> dict:
    """A valid request in Arabic for a phone appointment; `None` removes a field."""
    nour = {"language": "ar", "name": "Nour", "email": "nour@example.org", "mode": "phone"}
    return request_body(**(nour | changes))


def test_created_request_returns_reference_and_manage_url(client, db, office):
    response = client.post("/api/v1/requests", json=body(), headers={"Accept-Language": "ar"})
    assert response.status_code == 201
    assert response.json["reference"].startswith("EB-")
    assert "/ar/r/" in response.json["manage_url"]
    # Office time, as /api/v1/slots gives it, whatever offset the start was sent with.
    assert response.json["appointment"]["start"] == "2026-11-17T09:00:00+01:00"
    manage = client.get(manage_path(response.json))
    assert manage.status_code == 200
    assert response.json["reference"] in manage.get_data(as_text=True)


def test_the_booked_time_is_answered_in_office_time_whatever_offset_was_sent(client, db, office):
    sent_in_utc = body(start="2026-11-17T08:00:00Z", email="utc@example.org")
    answer = client.post("/api/v1/requests", json=sent_in_utc).json
    assert answer["appointment"] == {
        "start": "2026-11-17T09:00:00+01:00",
        "end": "2026-11-17T10:00:00+01:00",
    }


def test_request_without_start_asks_for_a_call_back(client, db, office):
    response = client.post("/api/v1/requests", json=body(start=None, preferred_times="mornings"))
    assert response.status_code == 201
    assert response.json["appointment"] is None
    assert db.session.scalar(select(Case.callback_requested))


def test_a_call_back_stores_its_preferred_periods(client, db, office):
    chosen = ["mon_morning", "thu_afternoon"]
    response = client.post("/api/v1/requests", json=body(start=None, preferred_periods=chosen))
    assert response.status_code == 201
    case = db.session.scalar(select(Case))
    assert preferred_periods.to_codes(case.preferred_periods) == chosen
    assert case.preferred_times is None


@pytest.mark.parametrize(
    ("periods_sent", "field", "msgid"),
    [
        (
            ["mon_morning", "sat_morning"],
            "preferred_periods",
            "This value is not one of the allowed ones.",
        ),
        ("mon_morning", "preferred_periods", "Please send a list of texts."),
        ([1], "preferred_periods", "Please send a list of texts."),
        ({"mon": "morning"}, "preferred_periods", "Please send a list of texts."),
        ([], "preferred_times", "Please tell us when we can call you."),
    ],
)
def test_bad_preferred_periods_get_422_in_the_callers_language(
    client, db, office, periods_sent, field, msgid
):
    response = client.post(
        "/api/v1/requests",
        json=body(start=None, preferred_periods=periods_sent),
        headers={"Accept-Language": "uk"},
    )
    with force_locale("uk"):
        message = gettext(msgid)
    assert response.status_code == 422
    assert message != msgid
    assert message in response.json["error"]["fields"][field]
    assert count(db, Case) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent": None}, "consent"),
        ({"topics": []}, "topics"),
        ({"topics": ["astrology"]}, "topics"),
        ({"email": None}, "contact_channel"),
        ({"email": "nope"}, "email"),
        ({"name": "a\r\nBcc: x@example.org"}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"language": "xx"}, "language"),
        ({"start": None, "preferred_times": None}, "preferred_times"),
    ],
)
def test_invalid_fields_get_422_with_per_field_errors(client, db, office, changes, field):
    response = client.post("/api/v1/requests", json=body(**changes))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count(db, Case) == 0


def test_errors_are_localized_by_accept_language(client, db, office):
    response = client.post(
        "/api/v1/requests", json=body(consent=None), headers={"Accept-Language": "de"}
    )
    assert "Einwilligung" in response.json["error"]["fields"]["consent"][0]


def test_taken_slot_gets_409_with_alternatives(client, db, office):
    assert client.post("/api/v1/requests", json=body(email="1@example.org")).status_code == 201
    assert client.post("/api/v1/requests", json=body(email="2@example.org")).status_code == 201
    response = client.post("/api/v1/requests", json=body(email="3@example.org"))
    assert response.status_code == 409
    assert response.json["alternatives"]
    assert response.json["alternatives"][0]["start"] == "2026-11-17T10:00:00+01:00"
    assert count(db, Case) == 2


def test_slot_on_a_holiday_is_refused(client, db, office):
    response = client.post("/api/v1/requests", json=body(start="2026-11-18T09:00:00+01:00"))
    assert response.status_code == 422
    assert count(db, Case) == 0


def test_extra_fields_are_ignored(client, db, office):
    response = client.post(
        "/api/v1/requests", json=body(status="closed", counsellor_id=1, id=999, created_at="x")
    )
    assert response.status_code == 201
    assert db.session.scalar(select(Case.status)) == "new"


@pytest.mark.parametrize("payload", [b"not json", b"[1, 2]", b'"text"'])
def test_non_object_bodies_get_400(client, db, office, payload):
    response = client.post("/api/v1/requests", data=payload, content_type="application/json")
    assert response.status_code == 400
    assert count(db, Case) == 0


def test_openapi_describes_both_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/slots", "/api/v1/requests"} <= set(spec["paths"])


def test_api_is_rate_limited(make_app, db, office):
    app = make_app(RATELIMIT_ENABLED=True, INTAKE_RATE_LIMIT="1 per hour")
    client = app.test_client()
    assert client.post("/api/v1/requests", json=body()).status_code == 201
    second = client.post("/api/v1/requests", json=body(start="2026-11-17T10:00:00+01:00"))
    assert second.status_code == 429
    assert count(db, Appointment) == 1


def test_a_call_back_request_has_its_audit_row_and_mail_tied_to_the_case(client, db, office):
    """Erasure, export and the timeline find a request's rows by its case."""
    answer = client.post("/api/v1/requests", json=body(start=None, preferred_times="mornings"))
    assert answer.status_code == 201
    case = db.session.scalar(select(Case))
    created = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "request_created"))
    assert (created.case_id, created.object_id) == (case.id, case.id)
    [received] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "received"))
    assert received.case_id == case.id
