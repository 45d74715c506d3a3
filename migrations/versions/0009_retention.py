"""office settings: drop retention_days, superseded by the two retention periods of 0005

The privacy notice, the intake form and the settings page use retention_closed_days and
retention_unanswered_days; nothing read retention_days any more.

Revision ID: i9_retention
Revises: i11_calendar
"""

import sqlalchemy as sa
from alembic import op

revision = "i9_retention"
down_revision = "i11_calendar"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("retention_days")


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(
            sa.Column("retention_days", sa.Integer(), nullable=False, server_default="365")
        )
