"""Cases of people who left: what staff who can no longer sign in (gone from the directory,
or deactivated) still hold, for the lead to hand over."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from intake.cases.actions import OPEN_STATUSES
from intake.extensions import db
from intake.models import ACTIVE_APPOINTMENT_STATUSES, Appointment, Case, User


@dataclass
class Leaver:
    """One person who left, the open cases they hold and the booked times they keep."""

    user: User
    cases: list[Case] = field(default_factory=list)
    appointments: list[Appointment] = field(default_factory=list)


def _inactive_ids():
    return select(User.id).where(User.is_active_account.is_(False))


def _future_times_of_leavers(now: datetime):
    return select(Appointment.case_id).where(
        Appointment.counsellor_id.in_(_inactive_ids()),
        Appointment.status.in_(ACTIVE_APPOINTMENT_STATUSES),
        Appointment.starts_at > now,
    )


def leavers_with_cases(*, now: datetime) -> list[Leaver]:
    """Every open case held by someone who left, and every case with a future booked time of
    someone who left (its holder may be active); one entry per person, by name."""
    query = (
        select(Case)
        .where(
            Case.anonymised_at.is_(None),
            or_(
                Case.status.in_(OPEN_STATUSES) & Case.counsellor_id.in_(_inactive_ids()),
                Case.id.in_(_future_times_of_leavers(now)),
            ),
        )
        .options(
            selectinload(Case.counsellor),
            selectinload(Case.appointments).selectinload(Appointment.counsellor),
        )
        .order_by(Case.created_at)
    )
    found: dict[int, Leaver] = {}
    for case in db.session.scalars(query):
        if case.counsellor is not None and not case.counsellor.is_active:
            found.setdefault(case.counsellor.id, Leaver(case.counsellor)).cases.append(case)
        for appointment in _kept_times(case, now):
            leaver = found.setdefault(appointment.counsellor.id, Leaver(appointment.counsellor))
            leaver.appointments.append(appointment)
    return sorted(found.values(), key=lambda leaver: leaver.user.name.lower())


def _kept_times(case: Case, now: datetime) -> list[Appointment]:
    return [
        appointment
        for appointment in case.appointments
        if appointment.status in ACTIVE_APPOINTMENT_STATUSES
        and appointment.starts_at > now
        and not appointment.counsellor.is_active
    ]


def cases_to_hand_over(leavers: list[Leaver]) -> int:
    """How many different cases the list holds."""
    held = {case.id for leaver in leavers for case in leaver.cases}
    return len(held | {item.case_id for leaver in leavers for item in leaver.appointments})
