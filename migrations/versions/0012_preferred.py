"""preferred periods: weekday × morning/afternoon a waiting request can come, as a bitmask

Revision ID: i11_preferred
Revises: i10_inbox
"""

import sqlalchemy as sa
from alembic import op

revision = "i11_preferred"
down_revision = "i10_inbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("case", sa.Column("preferred_periods", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    op.drop_column("case", "preferred_periods")
