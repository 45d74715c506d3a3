"""Loose input found in review: each refused with a clear, localized answer, nothing stored."""

import json

import pytest
from flask_babel import gettext
from sqlalchemy import select

from intake.models import Case, Closure, OutboxMessage, Role
from tests.helpers import TUESDAY_9, book_by_api, count, manage_path, request_body


def in_german(message: str) -> str:
    """The message as a German page shows it (its translation once the catalogue has it)."""
    return gettext(message)


def api(client, body, lang="de"):
    return client.post(
        "/api/v1/requests",
        data=body if isinstance(body, str | bytes) else json.dumps(body),
        content_type="application/json",
        headers={"Accept-Language": lang},
    )


def test_the_api_refuses_a_list_where_one_value_belongs(client, db, office):
    response = api(client, request_body(language=["de", "ar"]))
    assert response.status_code == 422
    assert response.json["error"]["fields"]["language"] == [
        in_german("This field was sent more than once.")
    ]
    assert count(db, Case) == 0


def test_the_api_refuses_a_key_given_twice(client, db, office):
    body = json.dumps(request_body())[:-1] + ', "name": "Second"}'
    response = api(client, body)
    assert response.status_code == 400
    assert "name" in response.json["error"]["message"]
    assert count(db, Case) == 0


@pytest.mark.parametrize("value", [{"a": 1}, ["x"], 42, True])
def test_the_api_never_stores_an_object_as_its_python_repr(client, db, office, value):
    response = api(client, request_body(name=value))
    assert response.status_code == 422
    assert count(db, Case) == 0


def test_json_nested_50000_deep_is_a_clear_400(client, db, office):
    response = api(client, "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 400
    assert response.json["error"]["message"]


@pytest.mark.parametrize("name", ["\u200b\u200b", "\u200d", "\ufeff \u2060"])
def test_a_name_of_only_invisible_characters_is_refused(client, db, office, name):
    response = api(client, request_body(name=name))
    assert response.status_code == 422
    assert "name" in response.json["error"]["fields"]


def test_phone_letters_are_refused_not_mapped_to_digits(client, db, office):
    response = api(client, request_body(email=None, phone="0351-CALL-ME"))
    assert response.status_code == 422
    assert "phone" in response.json["error"]["fields"]
    assert count(db, Case) == 0


@pytest.mark.parametrize(
    ("where", "send"),
    [
        ("api", lambda c: api(c, request_body(name="Am\x00ina"))),
        ("form", lambda c: c.post("/staff/login", data={"email": "a\x00", "password": "x"})),
        ("query", lambda c: c.get("/api/v1/slots?start=2026-11-17\x00&end=2026-11-18")),
    ],
)
def test_nul_is_refused_everywhere_with_a_localized_message(client, db, office, where, send):
    response = send(client)
    assert response.status_code == 400
    assert "Zeichen" in response.get_data(as_text=True) or "character" in response.get_data(
        as_text=True
    )
    assert count(db, Case) == 0


def test_nul_in_a_staff_form_is_refused_on_both_databases(client, db, auth, frozen_now):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/closures", data={"day": "2026-12-03", "public_note": "x\x00"})
    assert response.status_code == 400
    assert count(db, Closure) == 0


def test_a_closure_on_9999_12_31_is_refused_and_the_feed_keeps_working(
    client, db, auth, frozen_now
):
    auth.login_as(Role.LEAD)
    response = client.post(
        "/staff/closures", data={"day": "9999-12-31"}, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 422
    assert in_german("Please choose a date between %(first)s and %(last)s.").split("%")[0] in (
        response.get_data(as_text=True)
    )
    assert count(db, Closure) == 0
    assert client.get("/closures.ics").status_code == 200


def test_an_unparsable_closure_date_is_a_localized_error_not_a_500(client, db, auth, frozen_now):
    auth.login_as(Role.LEAD)
    response = client.post(
        "/staff/closures", data={"day": "2026-13-45"}, headers={"Accept-Language": "de"}
    )
    assert response.status_code == 422
    assert in_german("Please enter a date like 2026-12-01.") in response.get_data(as_text=True)


def test_wtforms_messages_are_german_on_german_pages(client, db, auth, frozen_now):
    auth.login_as(Role.COUNSELLOR)
    data = {"hours-weekday": "1", "hours-start_time": "nine", "hours-end_time": "12:00"}
    page = client.post(
        "/staff/availability/hours", data=data, headers={"Accept-Language": "de"}
    ).get_data(as_text=True)
    assert "Not a valid time value." not in page
    assert in_german("Please enter a time like 09:30.") in page


def test_staff_forms_refuse_a_field_sent_twice(client, db, auth, frozen_now):
    auth.login_as(Role.LEAD)
    response = client.post("/staff/closures", data={"day": ["2026-12-03", "2026-12-04"]})
    assert response.status_code == 422
    assert count(db, Closure) == 0


def test_the_move_form_refuses_a_start_sent_twice(client, db, office):
    path = manage_path(book_by_api(client))
    response = client.post(path + "/move", data={"start": [TUESDAY_9, "2026-11-19T10:00:00+01:00"]})
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("amina@bücher.de", "amina@xn--bcher-kva.de"), ("Amina@Example.ORG", "Amina@example.org")],
)
def test_email_domains_are_stored_in_idna(client, db, office, typed, stored):
    answer = book_by_api(client, email=typed)
    case = db.session.scalar(select(Case).where(Case.reference == answer["reference"]))
    assert case.email == stored
    assert db.session.scalar(select(OutboxMessage.recipient).limit(1)) in (stored, case.email)


@pytest.mark.parametrize(
    "typed", ["amina@ｅxample.org", "ａmina@example.org", "amina＠example.org"]
)
def test_fullwidth_lookalike_addresses_are_refused(client, db, office, typed):
    response = api(client, request_body(email=typed))
    assert response.status_code == 422
    assert "email" in response.json["error"]["fields"]


def test_405_says_which_methods_are_allowed(client):
    response = client.delete("/api/v1/requests")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
    assert client.put("/de/request").headers["Allow"]


def test_openapi_lists_languages_and_modes_and_says_contact_is_required(client):
    spec = client.get("/api/v1/openapi.json").json
    request = spec["components"]["schemas"]["Request"]
    assert "ar" in request["properties"]["language"]["enum"]
    assert request["properties"]["mode"]["enum"] == ["in_person", "phone", "video"]
    assert request["properties"]["name"]["minLength"] == 1
    assert {"required": ["email"]} in request["anyOf"]
    params = {p["name"]: p for p in spec["paths"]["/api/v1/slots"]["get"]["parameters"]}
    assert params["mode"]["schema"]["enum"] == ["in_person", "phone", "video"]
    assert "de" in params["language"]["schema"]["enum"]


def test_the_api_answer_with_a_manage_link_is_never_cached(client, db, office):
    response = api(client, request_body())
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"


def test_a_reshown_intake_form_is_never_cached(client, db, office):
    response = client.post("/de/request", data={"name": "Amina", "topics": "work"})
    assert response.status_code == 422
    assert response.headers["Cache-Control"] == "no-store"
