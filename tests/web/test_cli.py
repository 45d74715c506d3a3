"""Command-line tasks: create-user and seed-demo."""

from sqlalchemy import select

from intake.models import Closure, Role, User, WorkingHours
from tests.helpers import count


def test_create_user_reads_the_password_from_stdin(runner, db, client):
    result = runner.invoke(
        args=[
            "create-user",
            "nour@example.org",
            "--name",
            "Nour",
            "--role",
            "lead",
            "--languages",
            "de,ar",
        ],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "nour@example.org"))
    assert user.role == Role.LEAD
    assert user.language_codes == ["ar", "de"]
    login = client.post(
        "/staff/login", data={"email": "nour@example.org", "password": "a long enough password"}
    )
    assert login.status_code == 302


def test_create_user_refuses_a_short_password(runner, db):
    result = runner.invoke(args=["create-user", "a@example.org", "--name", "A"], input="short\n")
    assert result.exit_code != 0
    assert "12" in result.output  # the minimum length, in the office's language
    assert count(db, User) == 0


def test_create_user_refuses_a_duplicate(runner, db, make_user):
    make_user("twice@example.org")
    result = runner.invoke(
        args=["create-user", "twice@example.org", "--name", "B"], input="long password 123\n"
    )
    assert result.exit_code != 0
    assert count(db, User) == 1


def test_seed_demo_fills_an_empty_database_once(runner, db, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    counts = (count(db, User), count(db, WorkingHours), count(db, Closure))
    assert counts[0] == 3
    assert counts[1] > 0
    assert counts[2] == 1
    second = runner.invoke(args=["seed-demo"])
    assert "nothing changed" in second.output
    assert (count(db, User), count(db, WorkingHours), count(db, Closure)) == counts
    login = client.post(
        "/staff/login", data={"email": "leitung@example.org", "password": "demo-leitung-2026"}
    )
    assert login.status_code == 302
