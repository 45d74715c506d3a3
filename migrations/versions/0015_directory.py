"""directory: staff accounts from the city's directory (LDAP), leavers, the office's choice of
a second factor for directory accounts

Revision ID: directory
Revises: i14_outbox
"""

import sqlalchemy as sa
from alembic import op

revision = "directory"
down_revision = "i14_outbox"
branch_labels = None
depends_on = None


# Plain add_column and a unique index: a batch on staff_user would rebuild the table, which
# SQLite refuses while appointments, cases and notes refer to its rows.
def upgrade() -> None:
    op.add_column(
        "staff_user",
        sa.Column("account_source", sa.String(20), nullable=False, server_default="local"),
    )
    op.add_column("staff_user", sa.Column("external_id", sa.String(512), nullable=True))
    op.add_column(
        "staff_user", sa.Column("source_checked_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("staff_user", sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(
        "uq_staff_user_account_source",
        "staff_user",
        ["account_source", "external_id"],
        unique=True,
    )
    op.add_column(
        "office_settings",
        sa.Column(
            "directory_second_factor", sa.Boolean(), nullable=False, server_default=sa.false()
        ),
    )


def downgrade() -> None:
    op.drop_column("office_settings", "directory_second_factor")
    op.drop_index("uq_staff_user_account_source", table_name="staff_user")
    for name in ("left_at", "source_checked_at", "external_id", "account_source"):
        op.drop_column("staff_user", name)
