"""GET /api/v1/slots: merged free slots as JSON; bad input is a 400 with a JSON error."""

from datetime import date

import pytest

from intake.models import Closure


def slots(client, **params):
    response = client.get("/api/v1/slots", query_string=params)
    assert response.status_code == 200, response.json
    return response.json["slots"]


def test_slots_are_merged_across_counsellors_with_offsets(client, office):
    found = slots(client, start="2026-11-17", end="2026-11-17")
    assert [slot["start"] for slot in found] == [
        "2026-11-17T09:00:00+01:00",
        "2026-11-17T10:00:00+01:00",
        "2026-11-17T11:00:00+01:00",
    ]
    assert found[0]["end"] == "2026-11-17T10:00:00+01:00"
    assert found[0]["counsellors"] == 2
    assert found[0]["languages"] == ["ar", "de", "ru"]


def test_no_slots_on_buss_und_bettag(client, office):
    assert slots(client, start="2026-11-18", end="2026-11-18") == []


def test_no_slots_within_the_minimum_notice(client, office):
    assert slots(client, start="2026-11-16", end="2026-11-16") == []


def test_closure_day_removes_the_slots(client, db, office):
    db.session.add(Closure(day=date(2026, 11, 19), public_note="Teamtag"))
    db.session.commit()
    assert slots(client, start="2026-11-19", end="2026-11-19") == []


def test_language_filter_keeps_only_speakers(client, office):
    found = slots(client, start="2026-11-17", end="2026-11-17", language="ar")
    assert {slot["counsellors"] for slot in found} == {1}
    assert slots(client, start="2026-11-17", end="2026-11-17", language="fa") == []


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"start": "2026-11-17"},
        {"start": "tomorrow", "end": "2026-11-18"},
        {"start": "2026-11-18", "end": "2026-11-17"},
        {"start": "2026-01-01", "end": "2026-12-31"},
        {"start": "2026-11-17", "end": "2026-11-18", "language": "xx"},
        {"start": "2026-11-17", "end": "2026-11-18", "mode": "carrier-pigeon"},
        {"start": "2026-02-30", "end": "2026-03-01"},
    ],
)
def test_bad_parameters_get_a_json_400(client, office, params):
    response = client.get("/api/v1/slots", query_string=params)
    assert response.status_code == 400
    assert response.json["error"]["message"]


def test_repeated_parameter_is_refused(client, office):
    response = client.get("/api/v1/slots?start=2026-11-17&start=2026-11-18&end=2026-11-19")
    assert response.status_code == 400
    assert "start" in response.json["error"]["message"]


def test_errors_are_localized_by_accept_language(client, office):
    response = client.get("/api/v1/slots", headers={"Accept-Language": "de"})
    assert "erforderlich" in response.json["error"]["message"]


def test_an_absence_blocks_only_that_counsellor(client, db, office):
    from datetime import UTC, datetime

    from intake.models import Absence

    db.session.add(
        Absence(
            user_id=office[0].id,
            starts_at=datetime(2026, 11, 17, 8, tzinfo=UTC),
            ends_at=datetime(2026, 11, 17, 9, tzinfo=UTC),
        )
    )
    db.session.commit()
    found = slots(client, start="2026-11-17", end="2026-11-17")
    assert [(slot["start"][11:16], slot["counsellors"]) for slot in found] == [
        ("09:00", 1),
        ("10:00", 2),
        ("11:00", 2),
    ]
