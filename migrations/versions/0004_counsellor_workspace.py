"""counsellor workspace: channel, case version, referrals, decline reasons, offers, notes

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

from intake.models.types import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referral_service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_service")),
    )
    with op.batch_alter_table("case") as batch:
        batch.add_column(
            sa.Column("channel", sa.String(length=10), nullable=False, server_default="web")
        )
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.add_column(sa.Column("referral_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decline_reason", sa.String(length=40), nullable=True))
        batch.add_column(sa.Column("closed_at", UTCDateTime(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_case_referral_id_referral_service"),
            "referral_service",
            ["referral_id"],
            ["id"],
            ondelete="SET NULL",
        )
    with op.batch_alter_table("case_note") as batch:
        batch.add_column(sa.Column("edited_at", UTCDateTime(), nullable=True))
    # Plain ALTERs, not a batch: recreating the table on SQLite would drop 0002's triggers.
    op.add_column("appointment", sa.Column("room_token", sa.String(length=64), nullable=True))
    op.add_column("appointment", sa.Column("cancelled_by", sa.String(length=20), nullable=True))
    op.create_index("uq_appointment_room_token", "appointment", ["room_token"], unique=True)
    with op.batch_alter_table("audit_event") as batch:
        batch.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch.create_index(batch.f("ix_audit_event_case_id"), ["case_id"], unique=False)
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(
            sa.Column(
                "video_room_template", sa.String(length=200), nullable=False, server_default=""
            )
        )
    op.create_table(
        "slot_offer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("counsellor_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("starts_at", UTCDateTime(), nullable=False),
        sa.Column("ends_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=True),
        sa.Column("ical_uid", sa.String(length=100), nullable=True),
        sa.Column("ical_sequence", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("answered_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["case.id"], name=op.f("fk_slot_offer_case_id_case"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["counsellor_id"],
            ["staff_user.id"],
            name=op.f("fk_slot_offer_counsellor_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["staff_user.id"],
            name=op.f("fk_slot_offer_created_by_id_staff_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_offer")),
    )
    with op.batch_alter_table("slot_offer") as batch:
        batch.create_index(batch.f("ix_slot_offer_case_id"), ["case_id"], unique=False)
        batch.create_index(batch.f("ix_slot_offer_counsellor_id"), ["counsellor_id"], unique=False)
        batch.create_index(batch.f("ix_slot_offer_status"), ["status"], unique=False)


def downgrade() -> None:
    op.drop_table("slot_offer")
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("video_room_template")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_index(batch.f("ix_audit_event_case_id"))
        batch.drop_column("case_id")
    op.drop_index("uq_appointment_room_token", table_name="appointment")
    op.drop_column("appointment", "cancelled_by")
    op.drop_column("appointment", "room_token")
    with op.batch_alter_table("case_note") as batch:
        batch.drop_column("edited_at")
    with op.batch_alter_table("case") as batch:
        batch.drop_constraint(op.f("fk_case_referral_id_referral_service"), type_="foreignkey")
        for column in ("closed_at", "decline_reason", "referral_id", "version", "channel"):
            batch.drop_column(column)
    op.drop_table("referral_service")
