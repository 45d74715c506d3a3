"""A consultation happening now or held earlier today, recorded as held: the person at the
door or on the phone is helped at once, so no slot, working hours or minimum notice apply;
only the database's guarantee against double booking does."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from intake.booking.appointments import new_ical_uid
from intake.booking.references import new_reference
from intake.core.clock import office_tz
from intake.core.domain import DomainError
from intake.extensions import db
from intake.models import Appointment, AppointmentStatus, Case, CaseStatus, CaseTopic, Channel
from intake.models.audit import record

CHANNELS = (Channel.WALK_IN, Channel.PHONE)
MODE_OF_CHANNEL = {Channel.WALK_IN: "in_person", Channel.PHONE: "phone"}
SHORTEST, LONGEST = 5, 480


class NotToday(DomainError):
    field = "start"
    status = 422
    message = _l("Only a consultation happening now or held earlier today can be recorded here.")


class CounsellorBusy(DomainError):
    field = "start"
    status = 409
    message = _l(
        "This counsellor already has an appointment at this time. Record that one first "
        "(took place, did not come or cancelled), or choose another start."
    )


class CaseErased(DomainError):
    field = "reference"
    status = 409
    message = _l("The personal data of this case has been erased: record it as a new person.")


@dataclass(frozen=True)
class Held:
    """Who held it, when it began, how long it took and how the person came."""

    counsellor_id: int
    start: datetime
    minutes: int
    channel: str


@dataclass(frozen=True)
class NewPerson:
    """Someone without a case yet: what the report counts, and how to reach them."""

    topics: tuple[str, ...]
    talk_language: str
    locale: str
    interpreter_language: str | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None


def record_held(case: Case, held: Held, *, by_id: int, now: datetime) -> Appointment:
    """Store the consultation as held (completed) for `case`. The start must lie today
    (office time) and not after now. It is written as an active appointment first, so the
    unique index on counsellor and start and the overlap check refuse it when the counsellor
    already has an active appointment then (CounsellorBusy); only then is it marked held."""
    if case.anonymised_at is not None:
        raise CaseErased()
    if not _today_so_far(held.start, now) or not SHORTEST <= held.minutes <= LONGEST:
        raise NotToday()
    appointment = Appointment(
        case_id=case.id,
        counsellor_id=held.counsellor_id,
        starts_at=held.start,
        ends_at=held.start + timedelta(minutes=held.minutes),
        mode=MODE_OF_CHANNEL.get(held.channel, case.mode),
        status=AppointmentStatus.CONFIRMED,
        interpreter_language=case.interpreter_language,
        ical_uid=new_ical_uid(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(appointment)
            db.session.flush()
    except IntegrityError as clash:
        raise CounsellorBusy() from clash
    appointment.status = AppointmentStatus.COMPLETED
    case.status = CaseStatus.IN_PROGRESS
    case.callback_requested = False
    case.counsellor_id = case.counsellor_id or held.counsellor_id
    record("consultation_recorded", actor_id=by_id, obj=appointment, detail=held.channel)
    return appointment


def _today_so_far(start: datetime, now: datetime) -> bool:
    tz = office_tz()
    return start <= now and start.astimezone(tz).date() == now.astimezone(tz).date()


def new_case(person: NewPerson, held: Held, *, now: datetime) -> Case:
    """A case for someone helped on the spot: agreed with them, held by the counsellor."""
    case = Case(
        reference=new_reference(),
        status=CaseStatus.IN_PROGRESS,
        locale=person.locale,
        talk_language=person.talk_language,
        interpreter_language=person.interpreter_language or None,
        mode=MODE_OF_CHANNEL[held.channel],
        channel=held.channel,
        name=person.name or None,
        email=person.email or None,
        phone=person.phone or None,
        contact_channel="email" if person.email else ("phone" if person.phone else None),
        consent_at=now,
        created_at=min(held.start, now),
        counsellor_id=held.counsellor_id,
        topics=[CaseTopic(topic=topic) for topic in dict.fromkeys(person.topics)],
    )
    db.session.add(case)
    db.session.flush()
    record("request_created", obj=case, detail=held.channel)
    return case
