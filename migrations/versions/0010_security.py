"""security: staff second factor, recovery codes, outbox recipient hash

Revision ID: i13_security
Revises: i9_retention
"""

import sqlalchemy as sa
from alembic import op

revision = "i13_security"
down_revision = "i9_retention"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("staff_user", sa.Column("totp_secret", sa.String(64), nullable=True))
    op.add_column(
        "staff_user", sa.Column("totp_confirmed_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("staff_user", sa.Column("recovery_codes", sa.Text(), nullable=True))
    op.add_column("outbox_message", sa.Column("recipient_hash", sa.String(64), nullable=True))
    op.add_column(
        "outbox_message", sa.Column("scrubbed_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("outbox_message", "scrubbed_at")
    op.drop_column("outbox_message", "recipient_hash")
    op.drop_column("staff_user", "recovery_codes")
    op.drop_column("staff_user", "totp_confirmed_at")
    op.drop_column("staff_user", "totp_secret")
