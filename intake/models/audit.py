"""Who read or changed what, and when; never the content itself."""

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from intake.extensions import db
from intake.models.types import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    object_type: Mapped[str] = mapped_column(String(40), default="")
    object_id: Mapped[int | None]
    # The case an event belongs to, for its timeline; no foreign key, so the record of who
    # saw a case outlives the case's personal data.
    case_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(String(200), default="")


def record(
    action: str,
    *,
    actor_id: int | None = None,
    obj: object | None = None,
    detail: str = "",
    case_id: int | None = None,
) -> AuditEvent:
    """Add an audit row to the session; the caller's commit writes it with the change.
    `detail` is a code or a count, never a name, contact or description."""
    if case_id is None:
        case_id = getattr(obj, "case_id", None) or (
            getattr(obj, "id", None) if type(obj).__name__ == "Case" else None
        )
    event = AuditEvent(
        action=action,
        actor_id=actor_id,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        detail=detail[:200],
        case_id=case_id,
    )
    db.session.add(event)
    return event
