"""One matching run: expire old offers, note the free slots, and offer each freed slot to the
longest-waiting requests that fit. Idempotent and safe to run twice at once."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select, text

from intake.cases.waitlist.free_slots import (
    KNOWN_BEFORE,
    FreeSlot,
    counsellor_times,
    refresh_free_slots,
)
from intake.cases.waitlist.matching import groups_by_counsellor, longest_waiting, waiting_requests
from intake.core.i18n import format_when
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import (
    Case,
    OfferKind,
    OfferStatus,
    OfficeSettings,
    SlotOffer,
)
from intake.models.audit import record

# A freed slot goes to this many waiting requests at once; the first to accept gets it.
OFFERS_PER_SLOT = 3


_LOCK_KEY = 7_411_011  # pg_advisory_xact_lock: one matching run at a time


@dataclass
class Run:
    """What one matching run did."""

    expired: int = 0
    offered: list[SlotOffer] = field(default_factory=list)


def offer_slots(*, now: datetime) -> Run:
    """One matching run: expire old offers, note which slots are free, and offer each freed
    slot to up to OFFERS_PER_SLOT of the longest-waiting fitting requests with an e-mail
    (one open offer per request, never the same slot twice). The caller commits."""
    _one_run_at_a_time()
    run = Run(expired=expire_offers(now=now))
    settings = OfficeSettings.current()
    counsellors = {c.counsellor_id: c for c in counsellor_times(now)}
    seen = refresh_free_slots(now=now, counsellors=counsellors)
    freed = [slot for slot in seen if slot.first_seen_at > KNOWN_BEFORE]
    if not freed:
        return run
    cases = {c.id: c for c in db.session.scalars(waiting_requests()) if c.email}
    fitting = groups_by_counsellor(cases.values(), counsellors)
    offered_before, busy_cases, load = _offers_so_far()
    valid = timedelta(hours=settings.offer_valid_hours)
    notice = timedelta(hours=settings.min_notice_hours)
    for slot in freed:
        key = (slot.counsellor_id, slot.start)
        wanted = OFFERS_PER_SLOT - load[key]
        if wanted <= 0:
            continue
        chosen = longest_waiting(
            fitting.get(slot.counsellor_id, []), slot, wanted, busy_cases, offered_before
        )
        expires_at = min(now + valid, slot.start - notice)
        for waiting in chosen:
            run.offered.append(_offer(cases[waiting.case_id], slot, now=now, expires_at=expires_at))
            busy_cases.add(waiting.case_id)
            load[key] += 1
    db.session.flush()
    return run


def _one_run_at_a_time() -> None:
    """On PostgreSQL a second run waits here for the first to commit and then finds its
    offers; SQLite's write lock (BEGIN IMMEDIATE) serialises runs already."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def _offers_so_far():
    """Which (case, counsellor, start) were ever offered from the list, which requests hold
    an open offer of any kind (a counsellor's proposal included), and how many open
    waiting-list offers each slot has."""
    rows = db.session.execute(
        select(
            SlotOffer.case_id,
            SlotOffer.counsellor_id,
            SlotOffer.starts_at,
            SlotOffer.status,
            SlotOffer.kind,
        ).where((SlotOffer.kind == OfferKind.WAITLIST) | (SlotOffer.status == OfferStatus.OPEN))
    )
    offered, busy, load = set(), set(), defaultdict(int)
    for case_id, counsellor_id, start, status, kind in rows:
        if status == OfferStatus.OPEN:
            busy.add(case_id)
        if kind != OfferKind.WAITLIST:
            continue
        offered.add((case_id, counsellor_id, start))
        if status == OfferStatus.OPEN:
            load[(counsellor_id, start)] += 1
    return offered, busy, load


def _offer(case: Case, slot: FreeSlot, *, now: datetime, expires_at: datetime) -> SlotOffer:
    offer = SlotOffer(
        case_id=case.id,
        counsellor_id=slot.counsellor_id,
        kind=OfferKind.WAITLIST,
        status=OfferStatus.OPEN,
        starts_at=slot.start,
        ends_at=slot.end,
        expires_at=expires_at,
        created_at=now,
    )
    db.session.add(offer)
    requester_messages.queue_for_requester(
        "slot_offered", case, None, now=now, details=lambda: offer_text(slot.start, expires_at)
    )
    return offer


def offer_text(start: datetime, until: datetime) -> str:
    return _(
        "The free time: %(when)s. The offer is open until %(until)s.",
        when=format_when(start),
        until=format_when(until),
    )


def expire_offers(*, now: datetime) -> int:
    """Open waiting-list offers past their time end as expired; the request keeps waiting."""
    stale = db.session.scalars(
        select(SlotOffer).where(
            SlotOffer.kind == OfferKind.WAITLIST,
            SlotOffer.status == OfferStatus.OPEN,
            SlotOffer.expires_at <= now,
        )
    ).all()
    for offer in stale:
        offer.status = OfferStatus.EXPIRED
    return len(stale)


def record_run(run: Run) -> None:
    if run.offered:
        record("waitlist_offers_made", detail=str(len(run.offered)))
