"""appointment: the language an interpreter must be booked for

Revision ID: i15_public
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "i15_public"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain add_column: batch mode would recreate the table and drop its overlap triggers.
    op.add_column("appointment", sa.Column("interpreter_language", sa.String(12), nullable=True))


def downgrade() -> None:
    op.drop_column("appointment", "interpreter_language")
