"""week figures: moves told apart from cancellations, arrivals, what consultations held did

Revision ID: week_figures
Revises: note_form_key

The old time of a move was left cancelled with no `cancelled_by`, and a counsellor's
proposal left it "cancelled by the office": the report counted every move as a
cancellation by the office. Moves now say who moved them ("requester_move",
"office_move"); existing rows are classified here from what they carry: the UID suffix a
move leaves ("@intake-moved", proposals "-proposed-"), and for who moved it, the audit
event written with the move (the requester's "request_moved" or the office's
"appointment_moved_by_office", the one nearest in time). A move whose audit rows are gone
counts as moved by the office, as a proposal (the office's own) does.
"""

import sqlalchemy as sa
from alembic import op

from intake.models.types import UTCDateTime

revision = "week_figures"
down_revision = "note_form_key"
branch_labels = None
depends_on = None

MOVED_BY_EITHER = ("request_moved", "appointment_moved_by_office")


def upgrade() -> None:
    # Plain add_column: a batch on "appointment" would drop SQLite's overlap triggers.
    op.add_column("appointment", sa.Column("arrived_at", UTCDateTime(), nullable=True))
    op.create_table(
        "consultation",
        sa.Column("appointment_id", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["appointment_id"],
            ["appointment.id"],
            name=op.f("fk_consultation_appointment_id_appointment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["referral_id"],
            ["referral_service.id"],
            name=op.f("fk_consultation_referral_id_referral_service"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("appointment_id", name=op.f("pk_consultation")),
    )
    for table, column, length in (
        ("consultation_topic", "topic", 32),
        ("consultation_outcome", "outcome", 20),
    ):
        op.create_table(
            table,
            sa.Column("appointment_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.String(length=length), nullable=False),
            sa.ForeignKeyConstraint(
                ["appointment_id"],
                ["consultation.appointment_id"],
                name=op.f(f"fk_{table}_appointment_id_consultation"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("appointment_id", column, name=op.f(f"pk_{table}")),
        )
    classify_moves()


def classify_moves() -> None:
    connection = op.get_bind()
    appointment = sa.table(
        "appointment",
        sa.column("id", sa.Integer),
        sa.column("case_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("cancelled_by", sa.String),
        sa.column("ical_uid", sa.String),
        sa.column("updated_at", UTCDateTime()),
    )
    audit = sa.table(
        "audit_event",
        sa.column("case_id", sa.Integer),
        sa.column("action", sa.String),
        sa.column("at", UTCDateTime()),
    )
    cancelled = appointment.c.status == "cancelled"
    connection.execute(
        sa.update(appointment)
        .where(cancelled, appointment.c.ical_uid.like("%-proposed-%"))
        .values(cancelled_by="office_move")
    )
    moved = connection.execute(
        sa.select(appointment.c.id, appointment.c.case_id, appointment.c.updated_at).where(
            cancelled,
            appointment.c.cancelled_by.is_(None),
            appointment.c.ical_uid.like("%@intake-moved"),
        )
    ).all()
    for row_id, case_id, updated_at in moved:
        events = connection.execute(
            sa.select(audit.c.action, audit.c.at).where(
                audit.c.case_id == case_id, audit.c.action.in_(MOVED_BY_EITHER)
            )
        ).all()
        nearest = min(events, key=lambda e: abs(e.at - updated_at), default=None)
        mover = "requester_move" if nearest and nearest.action == "request_moved" else "office_move"
        connection.execute(
            sa.update(appointment).where(appointment.c.id == row_id).values(cancelled_by=mover)
        )


def downgrade() -> None:
    appointment = sa.table(
        "appointment",
        sa.column("cancelled_by", sa.String),
        sa.column("ical_uid", sa.String),
    )
    moves = appointment.c.cancelled_by.in_(("requester_move", "office_move"))
    proposed = appointment.c.ical_uid.like("%-proposed-%")
    op.execute(sa.update(appointment).where(moves, proposed).values(cancelled_by="office"))
    op.execute(sa.update(appointment).where(moves).values(cancelled_by=None))
    op.drop_table("consultation_outcome")
    op.drop_table("consultation_topic")
    op.drop_table("consultation")
    op.drop_column("appointment", "arrived_at")
