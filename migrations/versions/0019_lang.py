"""closure notes per language; the office's title per language

Revision ID: lang
Revises: week_cover
"""

import sqlalchemy as sa
from alembic import op

revision = "lang"
down_revision = "week_cover"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain add_column: batch mode would recreate the tables (and drop their triggers).
    empty = sa.text("'{}'")
    op.add_column("closure", sa.Column("public_notes", sa.JSON(), nullable=False, server_default=empty))
    op.add_column(
        "office_settings",
        sa.Column("commissioner_titles", sa.JSON(), nullable=False, server_default=empty),
    )


def downgrade() -> None:
    op.drop_column("office_settings", "commissioner_titles")
    op.drop_column("closure", "public_notes")
