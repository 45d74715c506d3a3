"""Request limits that fit shelters: many people behind one address, few per contact."""

import pytest
from sqlalchemy import func, select

from intake.models import Case


def callback(**changes) -> dict:
    body = {
        "topics": ["work"],
        "language": "de",
        "name": "Nour",
        "email": "nour@example.org",
        "consent": True,
        "preferred_times": "mornings",
    }
    body.update(changes)
    return {key: value for key, value in body.items() if value is not None}


def cases(db) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Case))


def send(client, number: int, **changes):
    return client.post("/api/v1/requests", json=callback(email=f"p{number}@example.org", **changes))


@pytest.fixture
def limited(make_app):
    def build(**limits):
        settings = {
            "RATELIMIT_ENABLED": True,
            "INTAKE_RATE_LIMIT": "100 per hour",
            "INTAKE_ATTEMPT_RATE_LIMIT": "100 per hour",
            "INTAKE_CONTACT_RATE_LIMIT": "100 per day",
            **limits,
        }
        return make_app(**settings).test_client()

    return build


def test_refused_attempts_from_a_shelter_do_not_use_up_its_limit(limited, db, office):
    client = limited(INTAKE_RATE_LIMIT="2 per hour")
    refused = [send(client, n, consent=None).status_code for n in range(5)]
    accepted = [send(client, n).status_code for n in range(3)]
    assert refused == [422] * 5
    assert accepted == [201, 201, 429]
    assert cases(db) == 2


def test_a_flood_of_attempts_from_one_address_meets_the_flood_ceiling(limited, db, office):
    client = limited(INTAKE_ATTEMPT_RATE_LIMIT="3 per hour")
    codes = [send(client, n, consent=None).status_code for n in range(4)]
    assert codes == [422, 422, 422, 429]


def test_the_same_email_address_can_send_only_a_few_requests(limited, db, office):
    client = limited(INTAKE_CONTACT_RATE_LIMIT="2 per day")
    same = ["nour@example.org", " Nour@Example.org", "NOUR@example.org "]
    codes = [client.post("/api/v1/requests", json=callback(email=e)).status_code for e in same]
    assert codes == [201, 201, 429]
    other = client.post("/api/v1/requests", json=callback(email="sami@example.org"))
    assert other.status_code == 201, "another person at the same address is not affected"


def test_the_same_phone_number_written_differently_counts_as_one(limited, db, office):
    client = limited(INTAKE_CONTACT_RATE_LIMIT="1 per day")
    first = send(client, 1, phone="0351 4567890", contact_channel="phone")
    second = send(client, 2, phone="0351-456-7890", contact_channel="phone")
    assert (first.status_code, second.status_code) == (201, 429)


def test_the_form_counts_per_contact_too(limited, db, office):
    client = limited(INTAKE_CONTACT_RATE_LIMIT="1 per day")
    data = {
        "topics": "work",
        "talk_language": "de",
        "mode": "in_person",
        "start": "callback",
        "preferred_times": "any",
        "name": "Nour",
        "email": "nour@example.org",
        "contact_channel": "email",
        "consent": "y",
    }
    codes = [client.post("/de/request", data=data).status_code for _ in range(2)]
    assert codes == [303, 429]


def test_the_429_page_names_the_office_phone_and_when_to_come_back(limited, db, office):
    client = limited(INTAKE_CONTACT_RATE_LIMIT="1 per day")
    send(client, 1)
    page = client.post(
        "/de/request",
        data={"email": "p1@example.org", "name": "Nour", "consent": "y"},
        headers={"Accept-Language": "de"},
    )
    assert page.status_code == 429
    assert "0351-4882131" in page.get_data(as_text=True)
    assert 0 < int(page.headers["Retry-After"]) <= 86400 + 1
    api = send(client, 1)
    assert api.status_code == 429
    assert api.json["error"]["phone"] == "0351-4882131"
    assert int(api.headers["Retry-After"]) > 0
