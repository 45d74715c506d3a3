"""Requests without an e-mail address for which a freed slot fits: the inbox asks staff to call."""

from datetime import datetime

from sqlalchemy import select

from intake.cases.waitlist.free_slots import KNOWN_BEFORE, FreeSlot, counsellor_times
from intake.cases.waitlist.matching import fits, suits, waiting_requests
from intake.extensions import db
from intake.models import (
    Case,
    FreeSlotSeen,
)


def callbacks_with_free_slot(*, now: datetime) -> list[tuple[Case, FreeSlot]]:
    """Waiting requests without an e-mail for which a freed slot fits: the inbox shows them
    as "call back: a slot is free". Reads what the last matching run saw; writes nothing."""
    rows = db.session.scalars(
        select(FreeSlotSeen)
        .where(FreeSlotSeen.first_seen_at > KNOWN_BEFORE, FreeSlotSeen.starts_at > now)
        .order_by(FreeSlotSeen.starts_at)
    ).all()
    if not rows:
        return []
    counsellors = {c.counsellor_id: c for c in counsellor_times(now)}
    found = []
    for case in db.session.scalars(waiting_requests().where(Case.email.is_(None))):
        row = next((r for r in rows if _freed_for(case, r, counsellors)), None)
        if row is not None:
            slot = FreeSlot(row.counsellor_id, row.starts_at, row.ends_at, row.first_seen_at)
            found.append((case, slot))
    return found


def _freed_for(case: Case, row: FreeSlotSeen, counsellors: dict) -> bool:
    """The slot came free after the request started waiting, and fits it."""
    counsellor = counsellors.get(row.counsellor_id)
    if counsellor is None or row.first_seen_at <= case.created_at:
        return False
    return fits(case, counsellor) and suits(case, row.starts_at)
