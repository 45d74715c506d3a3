"""The data model, one module per aggregate; importing this package registers every table."""

from intake.models.audit import AuditEvent
from intake.models.availability import (
    Absence,
    Closure,
    ClosureReason,
    OfficeSettings,
    WorkingHours,
)
from intake.models.calendars import (
    BusyCalendar,
    CalendarBusy,
    CalendarConnection,
    ConnectionKind,
    WrittenEvent,
)
from intake.models.cases import (
    ACTIVE_APPOINTMENT_STATUSES,
    MOVES,
    Appointment,
    AppointmentStatus,
    CancelledBy,
    Case,
    CaseNote,
    CaseStatus,
    CaseTopic,
    Channel,
    FreeSlotSeen,
    Mode,
    OfferKind,
    OfferStatus,
    ReferralService,
    SlotOffer,
)
from intake.models.consultations import (
    Consultation,
    ConsultationOutcome,
    ConsultationTopic,
    Outcome,
)
from intake.models.feeds import FeedChange
from intake.models.outbox import OutboxMessage, OutboxStatus
from intake.models.sent_forms import SentForm
from intake.models.staff import AccountSource, Role, StaffLanguage, User

__all__ = [
    "FeedChange",
    "ACTIVE_APPOINTMENT_STATUSES",
    "MOVES",
    "Absence",
    "AccountSource",
    "Appointment",
    "AppointmentStatus",
    "CancelledBy",
    "AuditEvent",
    "BusyCalendar",
    "CalendarBusy",
    "CalendarConnection",
    "Case",
    "CaseNote",
    "CaseStatus",
    "CaseTopic",
    "Channel",
    "Closure",
    "ConnectionKind",
    "Consultation",
    "ConsultationOutcome",
    "ConsultationTopic",
    "ClosureReason",
    "FreeSlotSeen",
    "Mode",
    "OfferKind",
    "OfferStatus",
    "OfficeSettings",
    "Outcome",
    "OutboxMessage",
    "OutboxStatus",
    "SentForm",
    "ReferralService",
    "Role",
    "SlotOffer",
    "StaffLanguage",
    "User",
    "WorkingHours",
    "WrittenEvent",
]
