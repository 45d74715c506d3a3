"""Storage limitation: when a case's personal data must go, and the purge that does it.

Closed and referred cases keep their personal data `retention_closed_days` after closing;
cancelled and declined requests, and requests never answered, `retention_unanswered_days`
after their last change. The audit log keeps `audit_retention_days`. Statistics survive.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, exists, func, select

from intake.cases.privacy import anonymise
from intake.extensions import db
from intake.models import Appointment, AuditEvent, Case, CaseStatus, OfficeSettings
from intake.models.audit import record

CLOSED = (CaseStatus.CLOSED, CaseStatus.REFERRED)
ENDED = (CaseStatus.CANCELLED, CaseStatus.DECLINED)


@dataclass
class PurgeReport:
    closed: list[str] = field(default_factory=list)
    ended: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    audit_rows: int = 0

    @property
    def cases(self) -> int:
        return len(self.closed) + len(self.ended) + len(self.unanswered)


def _not_anonymised():
    return select(Case).where(Case.anonymised_at.is_(None))


def closed_cases_due(now: datetime, settings: OfficeSettings) -> list[Case]:
    before = now - timedelta(days=settings.retention_closed_days)
    closed_at = func.coalesce(Case.closed_at, Case.updated_at)
    return list(
        db.session.scalars(_not_anonymised().where(Case.status.in_(CLOSED), closed_at <= before))
    )


def ended_requests_due(now: datetime, settings: OfficeSettings) -> list[Case]:
    before = now - timedelta(days=settings.retention_unanswered_days)
    ended_at = func.coalesce(Case.closed_at, Case.updated_at)
    return list(
        db.session.scalars(_not_anonymised().where(Case.status.in_(ENDED), ended_at <= before))
    )


def unanswered_requests_due(now: datetime, settings: OfficeSettings) -> list[Case]:
    """New requests nobody took up: older than the period, with no appointment after it."""
    before = now - timedelta(days=settings.retention_unanswered_days)
    later_appointment = exists().where(Appointment.case_id == Case.id, Appointment.ends_at > before)
    query = _not_anonymised().where(
        Case.status == CaseStatus.NEW, Case.created_at <= before, ~later_appointment
    )
    return list(db.session.scalars(query))


def purge(now: datetime) -> PurgeReport:
    """Anonymise every case past its period and delete audit rows past theirs; the caller
    commits (or rolls back for a dry run). Running it twice changes nothing the second time."""
    settings = OfficeSettings.current()
    report = PurgeReport()
    for reason, finder, names in (
        ("retention_closed", closed_cases_due, report.closed),
        ("retention_ended", ended_requests_due, report.ended),
        ("retention_unanswered", unanswered_requests_due, report.unanswered),
    ):
        for case in finder(now, settings):
            anonymise(case, now=now, reason=reason)
            names.append(case.reference)
    audit_before = now - timedelta(days=settings.audit_retention_days)
    report.audit_rows = db.session.execute(
        delete(AuditEvent).where(AuditEvent.at < audit_before)
    ).rowcount
    if report.cases or report.audit_rows:
        record("purge", detail=f"cases={report.cases} audit_rows={report.audit_rows}")
    return report
