"""week_cover: a deputy for an absence; keyed contact hashes and links between cases

Revision ID: week_cover
Revises: calendars

An absence may name a colleague who covers the absent counsellor's cases while it lasts.
A case keeps keyed hashes of its normalised phone number and e-mail address (no new
personal data: a copy of the database alone reveals nothing), so a returning person is
recognised; a request can be closed as a duplicate of another case, or linked to the
person's earlier case.
"""

import sqlalchemy as sa
from alembic import op

revision = "week_cover"
down_revision = "calendars"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deputy_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_absence_deputy_id_staff_user",
            "staff_user",
            ["deputy_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_index("ix_absence_deputy_id", ["deputy_id"])
    # Plain add_column: a batch on "case" would rebuild it and drop SQLite's triggers.
    for name in ("phone_hash", "email_hash"):
        op.add_column("case", sa.Column(name, sa.String(length=64), nullable=True))
        op.create_index(f"ix_case_{name}", "case", [name])
    for name in ("duplicate_of_id", "same_person_as_id"):
        op.add_column("case", sa.Column(name, sa.Integer(), nullable=True))
    op.add_column("outbox_message", sa.Column("locale", sa.String(length=12), nullable=True))
    op.create_table(
        "feed_change",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("feed_change")
    op.drop_column("outbox_message", "locale")
    for name in ("same_person_as_id", "duplicate_of_id"):
        op.drop_column("case", name)
    for name in ("email_hash", "phone_hash"):
        op.drop_index(f"ix_case_{name}", table_name="case")
        op.drop_column("case", name)
    with op.batch_alter_table("absence", schema=None) as batch_op:
        batch_op.drop_index("ix_absence_deputy_id")
        batch_op.drop_constraint("fk_absence_deputy_id_staff_user", type_="foreignkey")
        batch_op.drop_column("deputy_id")
