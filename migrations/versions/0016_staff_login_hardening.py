"""staff login hardening: the last TOTP step used, and the one-time enrolment link

Revision ID: staff_login_hardening
Revises: directory

A TOTP code is accepted once: the account remembers the newest time step a code was used
for, and a conditional UPDATE refuses the same (or an older) step. Setting up the second
factor needs a one-time link mailed to the account's address: its hash and expiry are kept.
"""

import sqlalchemy as sa
from alembic import op

revision = "staff_login_hardening"
down_revision = "directory"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
        batch.add_column(sa.Column("enrolment_token_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("enrolment_expires_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(
            "uq_staff_user_enrolment_token_hash", ["enrolment_token_hash"]
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_constraint("uq_staff_user_enrolment_token_hash", type_="unique")
        batch.drop_column("enrolment_expires_at")
        batch.drop_column("enrolment_token_hash")
        batch.drop_column("totp_last_step")
