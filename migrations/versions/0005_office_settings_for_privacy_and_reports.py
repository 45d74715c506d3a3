"""office settings: retention periods, audit retention, small cells, second factor, offers

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

COLUMNS = (
    ("retention_closed_days", sa.Integer(), "183"),
    ("retention_unanswered_days", sa.Integer(), "30"),
    ("audit_retention_days", sa.Integer(), "730"),
    ("small_cell_threshold", sa.Integer(), "5"),
    ("require_second_factor", sa.Boolean(), sa.false()),
    ("offer_valid_hours", sa.Integer(), "24"),
)


def upgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        for name, type_, default in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=default))


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        for name, _type, _default in reversed(COLUMNS):
            batch.drop_column(name)
