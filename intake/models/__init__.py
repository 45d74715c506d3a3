"""The data model, one module per aggregate; importing this package registers every table."""

from intake.models.audit import AuditEvent
from intake.models.availability import (
    Absence,
    Closure,
    ClosureReason,
    OfficeSettings,
    WorkingHours,
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
from intake.models.outbox import OutboxMessage, OutboxStatus
from intake.models.staff import Role, StaffLanguage, User

__all__ = [
    "ACTIVE_APPOINTMENT_STATUSES",
    "MOVES",
    "Absence",
    "Appointment",
    "AppointmentStatus",
    "CancelledBy",
    "AuditEvent",
    "Case",
    "CaseNote",
    "CaseStatus",
    "CaseTopic",
    "Channel",
    "Closure",
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
    "ReferralService",
    "Role",
    "SlotOffer",
    "StaffLanguage",
    "User",
    "WorkingHours",
]
