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


def upgrade() -> None:
    with op.batch_alter_table("staff_user") as batch:
        batch.add_column(
            sa.Column("account_source", sa.String(20), nullable=False, server_default="local")
        )
        batch.add_column(sa.Column("external_id", sa.String(512), nullable=True))
        batch.add_column(
            sa.Column("source_checked_at", sa.DateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("left_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(
            "uq_staff_user_account_source", ["account_source", "external_id"]
        )
    with op.batch_alter_table("office_settings") as batch:
        batch.add_column(
            sa.Column(
                "directory_second_factor",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("office_settings") as batch:
        batch.drop_column("directory_second_factor")
    with op.batch_alter_table("staff_user") as batch:
        batch.drop_constraint("uq_staff_user_account_source", type_="unique")
        batch.drop_column("left_at")
        batch.drop_column("source_checked_at")
        batch.drop_column("external_id")
        batch.drop_column("account_source")
