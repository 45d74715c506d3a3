"""inbox: indexes for the tabs and for a counsellor's appointments by time

Revision ID: i10_inbox
Revises: i13_security

The inbox counts and lists cases by status and holder, oldest first, and shows a
counsellor's appointments of the day and the week. The partial unique index on
(counsellor, start) cannot serve those reads (SQLite only uses a partial index when the
query repeats its condition literally), so each gets a plain composite index, and the
single-column indexes they make redundant go.
"""

from alembic import op

revision = "i10_inbox"
down_revision = "i13_security"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain create_index: a batch on "appointment" would drop SQLite's overlap triggers.
    op.create_index("ix_case_inbox", "case", ["status", "counsellor_id", "created_at"])
    op.drop_index("ix_case_status", table_name="case")
    op.create_index("ix_appointment_counsellor_starts", "appointment", ["counsellor_id", "starts_at"])
    op.drop_index("ix_appointment_counsellor_id", table_name="appointment")


def downgrade() -> None:
    op.create_index("ix_appointment_counsellor_id", "appointment", ["counsellor_id"])
    op.drop_index("ix_appointment_counsellor_starts", table_name="appointment")
    op.create_index("ix_case_status", "case", ["status"])
    op.drop_index("ix_case_inbox", table_name="case")
