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


# Plain add_column and a unique index: a batch on staff_user would rebuild the table, which
# SQLite refuses while appointments, cases and notes refer to its rows.
def upgrade() -> None:
    op.add_column("staff_user", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.add_column("staff_user", sa.Column("enrolment_token_hash", sa.String(64), nullable=True))
    op.add_column(
        "staff_user", sa.Column("enrolment_expires_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_staff_user_enrolment_token_hash", "staff_user", ["enrolment_token_hash"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_staff_user_enrolment_token_hash", table_name="staff_user")
    for name in ("enrolment_expires_at", "enrolment_token_hash", "totp_last_step"):
        op.drop_column("staff_user", name)
