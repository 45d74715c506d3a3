"""The migrations build exactly the schema the models describe."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from intake.extensions import db as _db


def test_migrations_match_the_models(app, db):
    with _db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_one_active_appointment_per_counsellor_and_start_is_a_unique_index(app, db):
    indexes = {index["name"]: index for index in inspect(_db.engine).get_indexes("appointment")}
    index = indexes["uq_appointment_active_slot"]
    assert index["unique"]
    assert index["column_names"] == ["counsellor_id", "starts_at"]
