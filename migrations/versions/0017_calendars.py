"""calendars: counsellors' own calendars, the busy time read from them, events written there

Revision ID: calendars
Revises: staff_login_hardening
"""

import sqlalchemy as sa
from alembic import op

revision = "calendars"
down_revision = "staff_login_hardening"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "calendar_busy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_calendar_busy_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_busy")),
    )
    with op.batch_alter_table("calendar_busy", schema=None) as batch_op:
        batch_op.create_index("ix_calendar_busy_user_start", ["user_id", "starts_at"], unique=False)

    op.create_table(
        "calendar_connection",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("username", sa.String(length=200), nullable=False),
        sa.Column("password_encrypted", sa.Text(), nullable=True),
        sa.Column("write_url", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failing_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(length=40), nullable=True),
        sa.Column("lead_told_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["staff_user.id"],
            name=op.f("fk_calendar_connection_user_id_staff_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_connection")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_connection_user_id")),
    )
    op.create_table(
        "calendar_busy_source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("busy", sa.Boolean(), nullable=False),
        sa.Column("sync_token", sa.String(length=500), nullable=True),
        sa.Column("mirror", sa.Text(), nullable=True),
        sa.Column("mirror_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("mirror_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connection.id"],
            name=op.f("fk_calendar_busy_source_connection_id_calendar_connection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_busy_source")),
        sa.UniqueConstraint("connection_id", "url", name="uq_busy_source_url"),
    )
    with op.batch_alter_table("calendar_busy_source", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_busy_source_connection_id"), ["connection_id"], unique=False
        )

    op.create_table(
        "calendar_written_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("connection_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=100), nullable=False),
        sa.Column("href", sa.String(length=700), nullable=False),
        sa.Column("etag", sa.String(length=200), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["connection_id"],
            ["calendar_connection.id"],
            name=op.f("fk_calendar_written_event_connection_id_calendar_connection"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_written_event")),
        sa.UniqueConstraint("connection_id", "uid", name="uq_written_event_uid"),
    )
    with op.batch_alter_table("calendar_written_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_calendar_written_event_connection_id"), ["connection_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("calendar_written_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_written_event_connection_id"))

    op.drop_table("calendar_written_event")
    with op.batch_alter_table("calendar_busy_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_calendar_busy_source_connection_id"))

    op.drop_table("calendar_busy_source")
    op.drop_table("calendar_connection")
    with op.batch_alter_table("calendar_busy", schema=None) as batch_op:
        batch_op.drop_index("ix_calendar_busy_user_start")

    op.drop_table("calendar_busy")
