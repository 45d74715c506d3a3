"""Bad input gets a clear, localized 400/422 and changes nothing, never a 500."""

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _

from intake.models import Case
from tests.helpers import count, request_body

FAR_STARTS = ["0001-01-01T09:00:00+00:00", "9999-12-31T23:00:00+00:00", "9999-12-31T23:59:59-12:00"]


@pytest.mark.parametrize(
    ("start", "end"),
    [("0001-01-01", "0001-01-03"), ("9999-12-29", "9999-12-31"), ("0001-01-01", "0001-01-01")],
)
def test_slots_for_far_away_years_answer_a_localized_400(client, office, start, end):
    response = client.get(
        f"/api/v1/slots?start={start}&end={end}", headers={"Accept-Language": "ar"}
    )
    assert response.status_code == 400
    with force_locale("ar"):
        prefix = _("Ask for dates between %(first)s and %(last)s.", first="X", last="Y")
    assert response.json["error"]["message"].startswith(prefix.split("X")[0])


@pytest.mark.parametrize("start", FAR_STARTS)
def test_api_start_in_a_far_away_year_is_a_localized_422(client, db, office, start):
    response = client.post(
        "/api/v1/requests", json=request_body(start=start), headers={"Accept-Language": "ar"}
    )
    assert response.status_code == 422
    with force_locale("ar"):
        expected = _("This time cannot be booked. Please choose one of the times shown.")
    assert response.json["error"]["fields"]["start"] == [expected]
    assert count(db, Case) == 0


@pytest.mark.parametrize("start", FAR_STARTS)
def test_form_start_in_a_far_away_year_is_a_localized_422(client, db, office, start):
    data = {
        "topics": "work",
        "talk_language": "de",
        "mode": "in_person",
        "start": start,
        "name": "Amina",
        "email": "amina@example.org",
        "consent": "y",
    }
    response = client.post("/fa/request", data=data)
    assert response.status_code == 422
    with force_locale("fa"):
        expected = _("This time cannot be booked. Please choose one of the times shown.")
    assert expected in response.get_data(as_text=True)
    assert count(db, Case) == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("consent", "no"),
        ("consent", "yes"),
        ("consent", 1),
        ("topics", "work"),
        ("topics", [1]),
        ("name", 5),
        ("name", ["Amina"]),
        ("email", {"a": 1}),
        ("start", 20261117),
        ("mode", "by pigeon"),
    ],
)
def test_api_checks_json_types_as_the_openapi_description_says(client, db, office, field, value):
    response = client.post(
        "/api/v1/requests", json=request_body(**{field: value}), headers={"Accept-Language": "de"}
    )
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count(db, Case) == 0


def test_api_refuses_consent_given_as_a_string_in_the_visitors_language(client, db, office):
    response = client.post(
        "/api/v1/requests", json=request_body(consent="no"), headers={"Accept-Language": "uk"}
    )
    with force_locale("uk"):
        expected = _("Please send true or false.")
    # The JSON type check answers first: consent must be the boolean true.
    assert response.json["error"]["fields"]["consent"] == [expected]
