"""who takes appointments, and which modes each person offers

A lead who also counsels takes appointments; a counsellor may offer no phone or video
consultations. Existing counsellors take appointments, existing leads do not.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(
            sa.Column("takes_appointments", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("offers_phone", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(
            sa.Column("offers_video", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    op.execute("UPDATE staff_user SET takes_appointments = false WHERE role = 'lead'")


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_column("offers_video")
        batch.drop_column("offers_phone")
        batch.drop_column("takes_appointments")
