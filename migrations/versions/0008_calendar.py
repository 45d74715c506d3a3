"""calendars and waiting list: closure reasons, office feed token, waiting-list offers

Revision ID: i11_calendar
Revises: i12_reports
"""

import sqlalchemy as sa
from alembic import op

from intake.models.types import UTCDateTime

revision = "i11_calendar"
down_revision = "i12_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "closure", sa.Column("reason", sa.String(length=20), nullable=False, server_default="other")
    )
    op.add_column(
        "office_settings", sa.Column("office_feed_token_hash", sa.String(length=64), nullable=True)
    )
    op.create_index(
        "uq_slot_offer_waitlist",
        "slot_offer",
        ["case_id", "counsellor_id", "starts_at"],
        unique=True,
        postgresql_where=sa.text("kind = 'waitlist'"),
        sqlite_where=sa.text("kind = 'waitlist'"),
    )
    op.create_table(
        "free_slot_seen",
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("first_seen_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["staff_user.id"],
            name=op.f("fk_free_slot_seen_counsellor_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("counsellor_id", "starts_at", name=op.f("pk_free_slot_seen")),
    )


def downgrade() -> None:
    op.drop_table("free_slot_seen")
    op.drop_index("uq_slot_offer_waitlist", table_name="slot_offer")
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("office_feed_token_hash")
    with op.batch_alter_table("closure") as batch:
        batch.drop_column("reason")
