"""Demo data for a first look: staff, working hours, a closure day and sample requests."""

import secrets
from datetime import UTC, date, datetime, time, timedelta
from uuid import uuid4
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from intake.booking.references import new_reference
from intake.core import preferred_periods
from intake.core.security import hash_token, manage_token_for
from intake.extensions import db
from intake.models import (
    Appointment,
    AppointmentStatus,
    Case,
    CaseTopic,
    Closure,
    Mode,
    OfficeSettings,
    ReferralService,
    Role,
    User,
    WorkingHours,
)

BERLIN = ZoneInfo("Europe/Berlin")
DEMO_STAFF = [
    ("leitung@example.org", "Kristina Winkler", Role.LEAD, ["de", "en"], "demo-leitung-2026"),
    ("amal@example.org", "Amal Haddad", Role.COUNSELLOR, ["de", "en", "ar"], "demo-berater-2026"),
    ("olena@example.org", "Olena Koval", Role.COUNSELLOR, ["de", "ru", "uk"], "demo-berater-2026"),
]
WEEKLY_WINDOWS = [(time(9, 0), time(12, 0)), (time(13, 0), time(15, 30))]
MONDAY_TO_THURSDAY = range(4)
# The demo's waiting requests can come on Tuesday and Thursday mornings.
DEMO_PERIODS = ("tue_morning", "thu_morning")
# From /work/shared/seed/referral-facts.md (public sources; to be checked before production).
REFERRAL_SERVICES = [
    {
        "name": "Ausländerbehörde Dresden",
        "address": "Theaterstraße 11–15, 01067 Dresden",
        "url": "https://www.dresden.de/de/rathaus/dienstleistungen/aufenthaltstitel.php",
        "note": "Aufenthaltstitel; nur mit Termin. E-Mail: auslaenderbehoerde@dresden.de",
    },
    {
        "name": "Migrationsberatung für erwachsene Zugewanderte (MBE)",
        "note": "Für Erwachsene ab 27 Jahren; Träger der Wohlfahrtspflege in Dresden.",
    },
    {
        "name": "Jugendmigrationsdienst (JMD)",
        "note": "Für junge Menschen unter 27 Jahren; Träger der Wohlfahrtspflege in Dresden.",
    },
]


def seed(today: date | None = None) -> bool:
    """Fill an empty database; returns False and changes nothing when staff exist already."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return False
    today = today or datetime.now(BERLIN).date()
    # An example room address, so that video requests in the demo show their room link.
    db.session.add(
        OfficeSettings(id=1, video_room_template="https://meet.example.org/intake-{token}")
    )
    staff = [_staff_member(*entry) for entry in DEMO_STAFF]
    db.session.add_all(staff)
    db.session.add(_closure(today))
    db.session.add_all(ReferralService(**entry) for entry in REFERRAL_SERVICES)
    db.session.flush()
    _sample_requests(staff[1:], today)
    db.session.commit()
    return True


def _staff_member(email, name, role, languages, password) -> User:
    user = User(email=email, name=name, role=role, takes_appointments=role == Role.COUNSELLOR)
    user.set_password(password)
    user.set_languages(languages)
    if role == Role.COUNSELLOR:
        for weekday in MONDAY_TO_THURSDAY:
            for start, end in WEEKLY_WINDOWS:
                db.session.add(
                    WorkingHours(user=user, weekday=weekday, start_time=start, end_time=end)
                )
    return user


def _closure(today: date) -> Closure:
    """A team day on the Wednesday two weeks ahead."""
    day = today + timedelta(days=14 + (2 - today.weekday()) % 7)
    return Closure(
        day=day,
        public_note="Teamtag: Das Büro ist geschlossen. / Team day: the office is closed.",
    )


def _sample_requests(counsellors: list[User], today: date) -> None:
    samples = [
        ("Yusuf", "ar", ["work"], Mode.IN_PERSON, counsellors[0], 1, 9),
        ("Marija", "uk", ["language_courses"], Mode.PHONE, counsellors[1], 2, 10),
        ("Anh", "vi", ["housing"], Mode.VIDEO, None, None, None),
    ]
    for name, language, topics, mode, counsellor, day_offset, hour in samples:
        form_key = secrets.token_hex(16)
        case = Case(
            reference=new_reference(),
            form_key=form_key,
            manage_token_hash=hash_token(manage_token_for(form_key)),
            locale=language if language in {"ar", "uk", "vi"} else "de",
            talk_language=language,
            mode=mode,
            name=name,
            email=f"{name.lower()}@example.net",
            description="Demo",
            consent_at=datetime.now(UTC),
            callback_requested=counsellor is None,
            preferred_times=None if counsellor else "Vormittags / mornings",
            preferred_periods=None if counsellor else preferred_periods.to_mask(DEMO_PERIODS),
            topics=[CaseTopic(topic=topic) for topic in topics],
        )
        db.session.add(case)
        if counsellor is not None:
            db.session.add(_appointment(case, counsellor, today, day_offset, hour, mode))


def _appointment(case, counsellor, today, week_offset, hour, mode) -> Appointment:
    """In week `week_offset` from now, on Tuesday at `hour` local time."""
    day = today + timedelta(days=7 * week_offset - today.weekday() + 1)
    starts_at = datetime.combine(day, time(hour), tzinfo=BERLIN).astimezone(UTC)
    return Appointment(
        case=case,
        counsellor=counsellor,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=45),
        mode=mode,
        status=AppointmentStatus.REQUESTED,
        ical_uid=f"{uuid4()}@intake",
    )
