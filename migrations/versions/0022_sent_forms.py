"""sent_form: the keys of staff forms already saved (a resend does nothing twice)

Revision ID: sent_forms
Revises: week_figures
"""

import sqlalchemy as sa
from alembic import op

revision = "sent_forms"
down_revision = "week_figures"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sent_form",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sent_form")),
    )
    op.create_index(op.f("ix_sent_form_sent_at"), "sent_form", ["sent_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_sent_form_sent_at"), table_name="sent_form")
    op.drop_table("sent_form")
