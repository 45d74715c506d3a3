"""the database refuses overlapping active appointments of one counsellor

The unique index of 0001 stops two bookings of the same start; this stops any overlap,
e.g. a staff-entered 10:15 appointment over a booked 10:00 one. PostgreSQL: an exclusion
constraint (btree_gist). SQLite: triggers.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ACTIVE = "('requested', 'confirmed')"
SQLITE_CHECK = f"""
    SELECT RAISE(ABORT, 'appointment overlaps another active appointment')
    WHERE NEW.status IN {ACTIVE} AND EXISTS (
        SELECT 1 FROM appointment AS other
        WHERE other.counsellor_id = NEW.counsellor_id
          AND other.id IS NOT NEW.id
          AND other.status IN {ACTIVE}
          AND other.starts_at < NEW.ends_at
          AND other.ends_at > NEW.starts_at
    );
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(
            "ALTER TABLE appointment ADD CONSTRAINT ex_appointment_no_overlap "
            "EXCLUDE USING gist (counsellor_id WITH =, tstzrange(starts_at, ends_at) WITH &&) "
            f"WHERE (status IN {ACTIVE})"
        )
    else:
        for event in ("INSERT", "UPDATE"):
            op.execute(
                f"CREATE TRIGGER tr_appointment_no_overlap_{event.lower()} "
                f"BEFORE {event} ON appointment BEGIN {SQLITE_CHECK} END"
            )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE appointment DROP CONSTRAINT ex_appointment_no_overlap")
    else:
        for event in ("insert", "update"):
            op.execute(f"DROP TRIGGER tr_appointment_no_overlap_{event}")
