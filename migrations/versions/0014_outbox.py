"""outbox: an index for "was this counsellor told of a new request in the last minutes"

Revision ID: i14_outbox
Revises: i12_speed

Every new request asks whether each counsellor got a staff notice in the pause. Without an
index that read went through the whole outbox, which keeps a row for every message ever
sent: each request got slower as the office grew older.
"""

from alembic import op

revision = "i14_outbox"
down_revision = "i12_speed"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_outbox_notice", "outbox_message", ["kind", "recipient_hash", "created_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_notice", table_name="outbox_message")
