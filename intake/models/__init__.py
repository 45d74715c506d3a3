"""The data model, one module per aggregate; importing this package registers every table."""

from intake.models.audit import AuditEvent
from intake.models.availability import Absence, Closure, OfficeSettings, WorkingHours
from intake.models.cases import (
    ACTIVE_APPOINTMENT_STATUSES,
    Appointment,
    AppointmentStatus,
    Case,
    CaseNote,
    CaseStatus,
    CaseTopic,
    Mode,
)
from intake.models.outbox import OutboxMessage, OutboxStatus
from intake.models.staff import Role, StaffLanguage, User

__all__ = [
    "ACTIVE_APPOINTMENT_STATUSES",
    "Absence",
    "Appointment",
    "AppointmentStatus",
    "AuditEvent",
    "Case",
    "CaseNote",
    "CaseStatus",
    "CaseTopic",
    "Closure",
    "Mode",
    "OfficeSettings",
    "OutboxMessage",
    "OutboxStatus",
    "Role",
    "StaffLanguage",
    "User",
    "WorkingHours",
]
