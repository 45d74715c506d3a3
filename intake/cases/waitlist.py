"""The waiting list: requests without a fitting time wait, and freed slots are offered to the
longest-waiting ones that fit (language, interpreter, mode, and the weekday and part of day
the request named, if it named any: intake.core.preferred_periods).

A slot counts as freed for a request when the matching first saw it free after the request
came in: this covers cancellations, moves, new working hours and removed absences alike,
without a hook in each of them. `offer_slots` is idempotent and safe to run twice at once.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, select, text

from intake.availability import engine
from intake.availability import services as availability
from intake.booking import appointments
from intake.booking.errors import BookingError
from intake.core import preferred_periods
from intake.core.clock import office_tz
from intake.core.domain import DomainError
from intake.core.i18n import format_when
from intake.extensions import db
from intake.mail import requester_messages
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    Case,
    CaseStatus,
    FreeSlotSeen,
    OfferKind,
    OfferStatus,
    OfficeSettings,
    SlotOffer,
)
from intake.models.audit import record

# A freed slot goes to this many waiting requests at once; the first to accept gets it.
OFFERS_PER_SLOT = 3
# Slots free before the matching ever ran were free when everyone waiting asked: not news.
KNOWN_BEFORE = datetime(1970, 1, 1, tzinfo=UTC)
WAITING_STATUSES = (CaseStatus.NEW, CaseStatus.WAITING)
_LOCK_KEY = 7_411_011  # pg_advisory_xact_lock: one matching run at a time


@dataclass(frozen=True, slots=True)
class FreeSlot:
    counsellor_id: int
    start: datetime
    end: datetime
    first_seen_at: datetime


@dataclass
class Run:
    """What one matching run did."""

    expired: int = 0
    offered: list[SlotOffer] = field(default_factory=list)


def waiting_requests():
    """Requests that wait for a time: a call-back or no fitting slot, nothing booked, not
    withdrawn or anonymised; the longest-waiting first."""
    booked = select(Appointment.id).where(
        Appointment.case_id == Case.id, Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES)
    )
    return (
        select(Case)
        .where(
            Case.status.in_(WAITING_STATUSES),
            Case.callback_requested,
            Case.anonymised_at.is_(None),
            ~booked.exists(),
        )
        .order_by(Case.created_at, Case.id)
    )


def fits(case: Case, counsellor: engine.CounsellorTime) -> bool:
    """The counsellor speaks the request's language (or, with an interpreter booked, German)
    and offers the mode asked for."""
    return _need_fits(_need(case), counsellor)


def suits(case: Case, start: datetime) -> bool:
    """The slot starts, in office time, in a period the request named; a request that named
    none takes any time."""
    return preferred_periods.allows(
        case.preferred_periods, preferred_periods.period_of(start, office_tz())
    )


@dataclass(frozen=True, slots=True)
class _Waiting:
    """What matching needs of a waiting request, read once (ORM attributes are slow)."""

    case_id: int
    created_at: datetime


def _need(case: Case) -> tuple[str, bool, str]:
    return (case.talk_language, bool(case.interpreter_language), case.mode)


def _need_fits(need: tuple[str, bool, str], counsellor: engine.CounsellorTime) -> bool:
    language, interpreter, mode = need
    if mode not in counsellor.modes:
        return False
    return language in counsellor.languages or (interpreter and "de" in counsellor.languages)


def offer_slots(*, now: datetime) -> Run:
    """One matching run: expire old offers, note which slots are free, and offer each freed
    slot to up to OFFERS_PER_SLOT of the longest-waiting fitting requests with an e-mail
    (one open offer per request, never the same slot twice). The caller commits."""
    _one_run_at_a_time()
    run = Run(expired=expire_offers(now=now))
    settings = OfficeSettings.current()
    counsellors = {c.counsellor_id: c for c in _counsellor_times(now)}
    seen = refresh_free_slots(now=now, counsellors=counsellors)
    freed = [slot for slot in seen if slot.first_seen_at > KNOWN_BEFORE]
    if not freed:
        return run
    cases = {c.id: c for c in db.session.scalars(waiting_requests()) if c.email}
    fitting = _groups_by_counsellor(cases.values(), counsellors)
    offered_before, busy_cases, load = _offers_so_far()
    valid = timedelta(hours=settings.offer_valid_hours)
    notice = timedelta(hours=settings.min_notice_hours)
    for slot in freed:
        key = (slot.counsellor_id, slot.start)
        wanted = OFFERS_PER_SLOT - load[key]
        if wanted <= 0:
            continue
        chosen = _longest_waiting(
            fitting.get(slot.counsellor_id, []), slot, wanted, busy_cases, offered_before
        )
        expires_at = min(now + valid, slot.start - notice)
        for waiting in chosen:
            run.offered.append(_offer(cases[waiting.case_id], slot, now=now, expires_at=expires_at))
            busy_cases.add(waiting.case_id)
            load[key] += 1
    db.session.flush()
    return run


def _groups_by_counsellor(cases, counsellors) -> dict[int, list[tuple[int, list[_Waiting]]]]:
    """Waiting requests grouped by what they need and the periods they named (each group
    longest-waiting first), and for each counsellor the groups they fit, as (periods, group)."""
    groups: dict[tuple, list[_Waiting]] = defaultdict(list)
    for case in cases:  # already longest-waiting first
        need = _need(case)
        groups[(need, case.preferred_periods or 0)].append(_Waiting(case.id, case.created_at))
    return {
        cid: [(mask, group) for (need, mask), group in groups.items() if _need_fits(need, c)]
        for cid, c in counsellors.items()
    }


def _longest_waiting(groups, slot: FreeSlot, wanted: int, busy: set, offered_before: set):
    """Up to `wanted` requests that waited before the slot came free and whose periods take
    its start, oldest first."""
    period = preferred_periods.period_of(slot.start, office_tz())
    candidates = []
    for mask, group in groups:
        if not preferred_periods.allows(mask, period):
            continue
        found = 0
        for waiting in group:
            if waiting.created_at >= slot.first_seen_at:
                break  # later requests came in after the slot was free already
            if waiting.case_id in busy:
                continue
            if (waiting.case_id, slot.counsellor_id, slot.start) in offered_before:
                continue
            candidates.append(waiting)
            found += 1
            if found == wanted:
                break
    candidates.sort(key=lambda w: (w.created_at, w.case_id))
    return candidates[:wanted]


def _one_run_at_a_time() -> None:
    """On PostgreSQL a second run waits here for the first to commit and then finds its
    offers; SQLite's write lock (BEGIN IMMEDIATE) serialises runs already."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})


def _counsellor_times(now: datetime) -> list[engine.CounsellorTime]:
    first, last = _horizon_days(now)
    return availability.counsellor_times(first, last)


def _horizon_days(now: datetime):
    settings = OfficeSettings.current()
    today = now.astimezone(office_tz()).date()
    return today, today + timedelta(days=settings.horizon_days + 1)


def refresh_free_slots(
    *, now: datetime, counsellors: dict[int, engine.CounsellorTime] | None = None
) -> list[FreeSlot]:
    """Every slot free now (the engine's rules, minimum notice included), each with the time
    the matching first saw it free; slots no longer free are forgotten."""
    first, last = _horizon_days(now)
    if counsellors is None:
        counsellors = {c.counsellor_id: c for c in _counsellor_times(now)}
    closures = availability.closures_between(first, last)
    holidays = availability.holidays_between(first, last)
    rules = availability.booking_rules(OfficeSettings.current())
    free: dict[tuple[int, datetime], datetime] = {}
    for counsellor in counsellors.values():
        for slot in engine.free_slots(
            counsellor, first_day=first, last_day=last, closures=closures, holidays=holidays,
            rules=rules, now=now, tz=office_tz(),
        ):  # fmt: skip
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


def taken_offers(case: Case, *, now: datetime) -> list[SlotOffer]:
    """Waiting-list times offered to this request that someone else accepted first."""
    return list(
        db.session.scalars(
            select(SlotOffer)
            .where(
                SlotOffer.case_id == case.id,
                SlotOffer.kind == OfferKind.WAITLIST,
                SlotOffer.status == OfferStatus.TAKEN,
                SlotOffer.starts_at > now,
            )
            .order_by(SlotOffer.starts_at)
        )
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
    counsellors = {c.counsellor_id: c for c in _counsellor_times(now)}
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


def record_run(run: Run) -> None:
    if run.offered:
        record("waitlist_offers_made", detail=str(len(run.offered)))


class OfferGone(DomainError):
    """The offer was answered, withdrawn or has expired."""

    field = "offer"
    status = 409
    message = _l("This offer is no longer open.")


def accept_waitlist_offer(offer: SlotOffer, *, now: datetime) -> Appointment | None:
    """Book the offered slot for the request. The booking's double-booking protection decides
    between people accepting at once: the winner gets the appointment, everyone else's offer
    for that slot turns "taken" (returns None) and they stay on the list."""
    _lock_competing_offers(offer)
    if offer.kind != OfferKind.WAITLIST or offer.status != OfferStatus.OPEN:
        raise OfferGone()
    if offer.expires_at is not None and offer.expires_at <= now:
        offer.status = OfferStatus.EXPIRED
        return None
    case = offer.case
    offer.answered_at = now
    try:
        appointment = appointments.book(
            case, offer.starts_at, now=now, counsellor_ids=[offer.counsellor_id]
        )
    except BookingError:
        offer.status = OfferStatus.TAKEN
        return None
    offer.status = OfferStatus.ACCEPTED
    _close_other_offers(offer)
    case.callback_requested = False
    record("waitlist_offer_accepted", obj=appointment)
    kind = "confirmed" if appointment.status == "confirmed" else "received"
    requester_messages.queue_for_requester(kind, case, appointment, now=now)
    return appointment


def decline_waitlist_offer(offer: SlotOffer, *, now: datetime) -> None:
    """The requester does not want this time; the request keeps its place on the list."""
    if offer.kind != OfferKind.WAITLIST or offer.status != OfferStatus.OPEN:
        raise OfferGone()
    offer.status = OfferStatus.DECLINED
    offer.answered_at = now


def _competing(offer: SlotOffer):
    """Open offers of the same slot, and the same request's other offers."""
    same_slot = (SlotOffer.counsellor_id == offer.counsellor_id) & (
        SlotOffer.starts_at == offer.starts_at
    )
    return (SlotOffer.kind == OfferKind.WAITLIST) & (
        same_slot | (SlotOffer.case_id == offer.case_id)
    )


def _lock_competing_offers(offer: SlotOffer) -> None:
    """Row locks in id order before anything is written: people accepting one slot at once
    queue here instead of deadlocking, and each reads the others' outcome afterwards."""
    db.session.scalars(
        select(SlotOffer)
        .where(_competing(offer))
        .order_by(SlotOffer.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()


def _close_other_offers(accepted: SlotOffer) -> None:
    """Others offered the same slot see it taken; this request's other offers are withdrawn."""
    others = db.session.scalars(
        select(SlotOffer).where(
            _competing(accepted),
            SlotOffer.status == OfferStatus.OPEN,
            SlotOffer.id != accepted.id,
        )
    )
    for other in others:
        same_case = other.case_id == accepted.case_id
        other.status = OfferStatus.WITHDRAWN if same_case else OfferStatus.TAKEN
