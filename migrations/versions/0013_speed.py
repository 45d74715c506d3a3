"""reports, faster: facts the report needs kept where it reads them, and indexes that let
it count by looking up instead of sorting

case.first_held_at is the start of the case's earliest completed appointment and
case.first_wait the seconds from the request to it; case_topic.created_at is the time the
request arrived (its case's created_at). Triggers keep them right whatever writes the rows
(the staff pages, a script, a bulk import), so the waiting times are read without the
appointments and the topics without the cases. A later batch migration that rebuilds one of
these tables on SQLite drops its triggers and must create them again.

Revision ID: i12_speed
Revises: i11_preferred
"""

import sqlalchemy as sa
from alembic import op

revision = "i12_speed"
down_revision = "i11_preferred"
branch_labels = None
depends_on = None

# The seconds the report computed for each wait before this revision, the same way.
SECONDS = {
    "sqlite": "(julianday({end}) - julianday({start})) * 86400.0",
    "postgresql": "EXTRACT(EPOCH FROM ({end} - {start}))",
}
HELD = """(SELECT min(held.starts_at) FROM appointment AS held
           WHERE held.case_id = "case".id AND held.status = 'completed')"""
TOPIC_CREATED = """
    UPDATE case_topic SET created_at = (
        SELECT "case".created_at FROM "case" WHERE "case".id = case_topic.case_id
    )
"""
FIGURES = [
    "status", "mode", "talk_language", "interpreter_language", "callback_requested",
    "referral_id", "decline_reason", "created_at",
]  # fmt: skip
INDEXES = {
    "ix_case_first_held": ("case", ["first_held_at", "first_wait"]),
    "ix_case_first_wait": ("case", ["first_wait", "first_held_at"]),
    "ix_case_figures": ("case", FIGURES),
    "ix_case_channel": ("case", ["channel", "created_at"]),
    "ix_case_topic_created": ("case_topic", ["topic", "created_at"]),
    "ix_appointment_kinds": ("appointment", ["counsellor_id", "status", "starts_at", "cancelled_by"]),
}


def first_held(dialect: str) -> str:
    """The statement that sets a case's first appointment held and its wait (add WHERE)."""
    wait = SECONDS[dialect].format(start='"case".created_at', end=HELD)
    return f'UPDATE "case" SET first_held_at = {HELD}, first_wait = {wait}'


def wait_again(dialect: str) -> str:
    """The wait after a change of the request time (add WHERE)."""
    wait = SECONDS[dialect].format(start="created_at", end="first_held_at")
    return f'UPDATE "case" SET first_wait = {wait}'


def sqlite_triggers() -> dict[str, tuple[str, str, str, str]]:
    """name → (table, event, condition, statement)."""
    held, again = first_held("sqlite"), wait_again("sqlite")
    by_topic = "WHERE case_id = NEW.case_id AND topic = NEW.topic"
    return {
        "tr_appointment_first_held_insert": ("appointment", "AFTER INSERT",
            "NEW.status = 'completed'", f"{held} WHERE id = NEW.case_id"),
        "tr_appointment_first_held_update": ("appointment",
            "AFTER UPDATE OF status, starts_at, case_id",
            "OLD.status = 'completed' OR NEW.status = 'completed'",
            f"{held} WHERE id IN (OLD.case_id, NEW.case_id)"),
        "tr_appointment_first_held_delete": ("appointment", "AFTER DELETE",
            "OLD.status = 'completed'", f"{held} WHERE id = OLD.case_id"),
        "tr_case_topic_created_insert": ("case_topic", "AFTER INSERT", "1",
            f"{TOPIC_CREATED} {by_topic}"),
        "tr_case_topic_created_update": ("case_topic", "AFTER UPDATE OF case_id", "1",
            f"{TOPIC_CREATED} {by_topic}"),
        "tr_case_created_update": ('"case"', "AFTER UPDATE OF created_at", "1",
            f"UPDATE case_topic SET created_at = NEW.created_at WHERE case_id = NEW.id; "
            f"{again} WHERE id = NEW.id"),
    }  # fmt: skip


def postgresql_triggers() -> list[str]:
    held, again = first_held("postgresql"), wait_again("postgresql")
    return [
        f"""CREATE FUNCTION appointment_first_held() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' AND OLD.status = 'completed' THEN
                {held} WHERE id = OLD.case_id;
            END IF;
            IF TG_OP <> 'DELETE' AND NEW.status = 'completed' THEN
                {held} WHERE id = NEW.case_id;
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER tr_appointment_first_held
        AFTER INSERT OR UPDATE OF status, starts_at, case_id OR DELETE ON appointment
        FOR EACH ROW EXECUTE FUNCTION appointment_first_held()""",
        """CREATE FUNCTION case_topic_created() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.created_at := (SELECT created_at FROM "case" WHERE id = NEW.case_id);
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER tr_case_topic_created BEFORE INSERT OR UPDATE OF case_id ON case_topic
        FOR EACH ROW EXECUTE FUNCTION case_topic_created()""",
        f"""CREATE FUNCTION case_created() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE case_topic SET created_at = NEW.created_at WHERE case_id = NEW.id;
            {again} WHERE id = NEW.id;
            RETURN NULL;
        END $$""",
        """CREATE TRIGGER tr_case_created AFTER UPDATE OF created_at ON "case"
        FOR EACH ROW EXECUTE FUNCTION case_created()""",
    ]


POSTGRESQL_DROP = [
    'DROP TRIGGER tr_case_created ON "case"',
    "DROP FUNCTION case_created()",
    "DROP TRIGGER tr_case_topic_created ON case_topic",
    "DROP FUNCTION case_topic_created()",
    "DROP TRIGGER tr_appointment_first_held ON appointment",
    "DROP FUNCTION appointment_first_held()",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("case", sa.Column("first_held_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("case", sa.Column("first_wait", sa.Float(), nullable=True))
    op.add_column("case_topic", sa.Column("created_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(f"{first_held(dialect)} WHERE EXISTS (SELECT 1 FROM appointment AS a "
               "WHERE a.case_id = \"case\".id AND a.status = 'completed')")  # fmt: skip
    op.execute(TOPIC_CREATED)
    if dialect == "postgresql":
        for statement in postgresql_triggers():
            op.execute(statement)
    else:
        for name, (table, event, when, statement) in sqlite_triggers().items():
            op.execute(f"CREATE TRIGGER {name} {event} ON {table} "
                       f"WHEN {when} BEGIN {statement}; END")  # fmt: skip
    # Plain create_index: a batch on "appointment" would drop SQLite's triggers.
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, (table, _columns) in reversed(INDEXES.items()):
        op.drop_index(name, table_name=table)
    if op.get_bind().dialect.name == "postgresql":
        for statement in POSTGRESQL_DROP:
            op.execute(statement)
    else:
        for name in reversed(sqlite_triggers()):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_column("case_topic", "created_at")
    op.drop_column("case", "first_wait")
    op.drop_column("case", "first_held_at")
