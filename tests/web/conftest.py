"""Fixtures for page and API tests: a frozen clock and a small office."""

from datetime import time

import pytest

from intake.models import OfficeSettings, WorkingHours
from tests.helpers import NOW


@pytest.fixture
def frozen_now(monkeypatch):
    monkeypatch.setattr("intake.core.clock.now", lambda: NOW)
    return NOW


@pytest.fixture
def office(db, make_user, frozen_now):
    """Two counsellors working Monday to Thursday 09:00-12:00; 60-minute slots."""
    db.session.add(
        OfficeSettings(
            id=1, slot_minutes=60, buffer_minutes=0, min_notice_hours=24, horizon_days=56
        )
    )
    counsellors = [
        make_user("a@example.org", languages=("de", "ar")),
        make_user("b@example.org", languages=("de", "ru")),
    ]
    for counsellor in counsellors:
        for weekday in range(4):
            db.session.add(
                WorkingHours(
                    user_id=counsellor.id, weekday=weekday, start_time=time(9), end_time=time(12)
                )
            )
    db.session.commit()
    return counsellors
