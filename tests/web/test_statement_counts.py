"""SQL statements per public page: a budget each, so that a page that grows fails here."""

import pytest
from sqlalchemy import event

from intake.extensions import db

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")
# Measured with no slot cache (no Redis): the most a page may cost. At most 5 anywhere.
BUDGET = {
    "/de/": 1,
    "/de/request": 5,
    "/api/v1/slots?start=2026-11-16&end=2027-01-10": 5,
    "/de/privacy": 1,  # the retention periods come from the office settings
    "/de/sign-language": 0,
    "/de/accessibility": 0,
}


@pytest.fixture
def statements(app):
    seen: list[str] = []

    def record(_connection, _cursor, statement, *_args) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine, "before_cursor_execute", record)


@pytest.mark.parametrize(("path", "budget"), BUDGET.items())
def test_a_public_page_stays_within_its_sql_statement_budget(
    client, office, statements, path, budget
):
    client.get(path)  # the first request may load what a process keeps (holidays, catalogues)
    statements.clear()
    assert client.get(path).status_code == 200
    assert len(statements) <= budget <= 5, "\n".join(statements)


def test_the_manage_page_stays_within_five_statements(client, office, statements):
    from tests.helpers import book_by_api, manage_path

    answer = book_by_api(client)
    path = manage_path(answer)
    client.get(path)
    statements.clear()
    assert client.get(path).status_code == 200
    assert len(statements) <= 5, "\n".join(statements)
