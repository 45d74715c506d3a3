"""Which slots are free, and since when the matching has known it (a slot counts as freed for a
request when it was first seen free after the request came in)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select

from intake.availability import engine
from intake.availability import services as availability
from intake.core.clock import office_tz
from intake.extensions import db
from intake.models import (
    FreeSlotSeen,
    OfficeSettings,
)

# Slots free before the matching ever ran were free when everyone waiting asked: not news.
KNOWN_BEFORE = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FreeSlot:
    counsellor_id: int
    start: datetime
    end: datetime
    first_seen_at: datetime


def counsellor_times(now: datetime) -> list[engine.CounsellorTime]:
    first, last = horizon_days(now)
    return availability.counsellor_times(first, last)


def horizon_days(now: datetime):
    settings = OfficeSettings.current()
    today = now.astimezone(office_tz()).date()
    return today, today + timedelta(days=settings.horizon_days + 1)


def refresh_free_slots(
    *, now: datetime, counsellors: dict[int, engine.CounsellorTime] | None = None
) -> list[FreeSlot]:
    """Every slot free now (the engine's rules, minimum notice included), each with the time
    the matching first saw it free; slots no longer free are forgotten."""
    first, last = horizon_days(now)
    if counsellors is None:
        counsellors = {c.counsellor_id: c for c in counsellor_times(now)}
    free: dict[tuple[int, datetime], datetime] = {}
    for slot in availability.free_slots_of(counsellors.values(), first, last, now=now):
        free[(slot.counsellor_id, slot.start.astimezone(UTC))] = slot.end.astimezone(UTC)
    rows = db.session.scalars(select(FreeSlotSeen))
    seen = {(row.counsellor_id, row.starts_at): row for row in rows}
    first_time = KNOWN_BEFORE if not seen else now
    gone = [key for key in seen if key not in free]
    for counsellor_id, start in gone:
        db.session.execute(
            delete(FreeSlotSeen).where(
                FreeSlotSeen.counsellor_id == counsellor_id, FreeSlotSeen.starts_at == start
            )
        )
    result = []
    for (counsellor_id, start), end in sorted(free.items(), key=lambda item: item[0][1]):
        row = seen.get((counsellor_id, start))
        if row is None:
            row = FreeSlotSeen(
                counsellor_id=counsellor_id, starts_at=start, ends_at=end, first_seen_at=first_time
            )
            db.session.add(row)
        result.append(FreeSlot(counsellor_id, start, end, row.first_seen_at))
    return result
