"""Which waiting requests a freed slot fits: language, interpreter, mode, and the periods of the
week the request named (intake.core.preferred_periods), the longest-waiting first."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from intake.availability import engine
from intake.cases.waitlist.free_slots import FreeSlot
from intake.core import preferred_periods
from intake.core.clock import office_tz
from intake.models import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    Case,
    CaseStatus,
)

WAITING_STATUSES = (CaseStatus.NEW, CaseStatus.WAITING)


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
    return need_fits(need_of(case), counsellor)


def suits(case: Case, start: datetime) -> bool:
    """The slot starts, in office time, in a period the request named; a request that named
    none takes any time."""
    return preferred_periods.allows(
        case.preferred_periods, preferred_periods.period_of(start, office_tz())
    )


@dataclass(frozen=True, slots=True)
class Waiting:
    """What matching needs of a waiting request, read once (ORM attributes are slow)."""

    case_id: int
    created_at: datetime


def need_of(case: Case) -> tuple[str, bool, str]:
    return (case.talk_language, bool(case.interpreter_language), case.mode)


def need_fits(need: tuple[str, bool, str], counsellor: engine.CounsellorTime) -> bool:
    language, interpreter, mode = need
    if mode not in counsellor.modes:
        return False
    return language in counsellor.languages or (interpreter and "de" in counsellor.languages)


def groups_by_counsellor(cases, counsellors) -> dict[int, list[tuple[int, list[Waiting]]]]:
    """Waiting requests grouped by what they need and the periods they named (each group
    longest-waiting first), and for each counsellor the groups they fit, as (periods, group)."""
    groups: dict[tuple, list[Waiting]] = defaultdict(list)
    for case in cases:  # already longest-waiting first
        need = need_of(case)
        groups[(need, case.preferred_periods or 0)].append(Waiting(case.id, case.created_at))
    return {
        cid: [(mask, group) for (need, mask), group in groups.items() if need_fits(need, c)]
        for cid, c in counsellors.items()
    }


def longest_waiting(groups, slot: FreeSlot, wanted: int, busy: set, offered_before: set):
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
