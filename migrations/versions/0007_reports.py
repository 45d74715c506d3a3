"""reports: covering indexes, so a year's figures are read from indexes alone

Revision ID: i12_reports
Revises: i15_public
"""

from alembic import op

revision = "i12_reports"
down_revision = "i15_public"
branch_labels = None
depends_on = None

CASE_REPORT = [
    "created_at", "channel", "status", "talk_language", "interpreter_language", "mode",
    "callback_requested", "referral_id", "decline_reason", "id",
]  # fmt: skip
APPOINTMENT_REPORT = ["starts_at", "status", "cancelled_by", "counsellor_id", "ends_at", "case_id"]
FIRST_HELD = ["case_id", "status", "starts_at"]


def upgrade() -> None:
    # Plain create_index: a batch on "appointment" would drop SQLite's overlap triggers.
    op.create_index("ix_case_report", "case", CASE_REPORT)
    op.create_index("ix_appointment_report", "appointment", APPOINTMENT_REPORT)
    op.create_index("ix_appointment_first_held", "appointment", FIRST_HELD)


def downgrade() -> None:
    op.drop_index("ix_appointment_first_held", table_name="appointment")
    op.drop_index("ix_appointment_report", table_name="appointment")
    op.drop_index("ix_case_report", table_name="case")
