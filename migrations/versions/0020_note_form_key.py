"""note form key: a note sent twice with one form key is stored once

Revision ID: note_form_key
Revises: lang

The staff note form carries a once-only key, as the public form does: a resend after an
answer that never arrived (a connection lost at the commit) finds the note already stored.
"""

import sqlalchemy as sa
from alembic import op

revision = "note_form_key"
down_revision = "lang"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("case_note") as batch:
        batch.add_column(sa.Column("form_key", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_case_note_form_key", ["form_key"])


def downgrade() -> None:
    with op.batch_alter_table("case_note") as batch:
        batch.drop_constraint("uq_case_note_form_key", type_="unique")
        batch.drop_column("form_key")
