"""Once guesses have spent an account's budget, the login answers tell a guesser nothing: a
right and a wrong password (or second-factor code) get the same status and the same page,
from any address. The owner still gets in, through the link mailed to the account."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from intake.models import AuditEvent, OutboxMessage, User
from tests.conftest import PASSWORD

WRONG = "not the password"


@pytest.fixture
def limited(db, make_app):
    """Limits on: 3 failures a minute per address and per account."""
    app = make_app(RATELIMIT_ENABLED=True, LOGIN_RATE_LIMIT="3 per minute")
    with app.app_context():
        yield app


@pytest.fixture
def addresses():
    """A new address for every call: a guesser spread over many machines."""
    numbers = iter(range(1, 250))
    return lambda: f"203.0.113.{next(numbers)}"


def post(client, path: str, data: dict, address: str):
    return client.post(
        path, data=data, environ_base={"REMOTE_ADDR": address}, headers={"Accept-Language": "de"}
    )


def login(app, email: str, password: str, address: str):
    client = app.test_client()
    return client, post(client, "/staff/login", {"email": email, "password": password}, address)


def page(response) -> str:
    """The page without what differs on every request anyway (the CSRF token)."""
    return re.sub(r'value="[^"]{40,}"', 'value=""', response.get_data(as_text=True))


def with_factor(db, user: User) -> str:
    user.totp_secret, user.totp_confirmed_at = pyotp.random_base32(), user.created_at
    db.session.commit()
    return user.totp_secret


def spend_password_budget(app, email: str, addresses) -> None:
    for _ in range(4):
        login(app, email, WRONG, addresses())


@pytest.mark.parametrize("second_factor", [True, False], ids=["with_factor", "password_only"])
def test_a_spent_account_answers_a_right_and_a_wrong_password_alike(
    limited, db, make_user, addresses, second_factor
):
    user = make_user("lead@example.org")
    if second_factor:
        with_factor(db, user)
    spend_password_budget(limited, user.email, addresses)
    _, right = login(limited, user.email, PASSWORD, addresses())
    _, wrong = login(limited, user.email, WRONG, addresses())
    assert right.status_code == wrong.status_code == 200
    assert "Location" not in right.headers
    assert page(right) == page(wrong)


def test_an_unknown_account_with_a_spent_budget_answers_alike_too(
    limited, db, make_user, addresses
):
    user = make_user("lead@example.org")
    with_factor(db, user)
    spend_password_budget(limited, user.email, addresses)
    spend_password_budget(limited, "nobody@example.org", addresses)
    _, known = login(limited, user.email, PASSWORD, addresses())
    _, unknown = login(limited, "nobody@example.org", PASSWORD, addresses())
    assert known.status_code == unknown.status_code == 200
    assert page(known).replace(user.email, "") == page(unknown).replace("nobody@example.org", "")


def code_attempt(app, user: User, code: str, address: str, client=None):
    client = client or app.test_client()
    response = post(client, "/staff/login", {"email": user.email, "password": PASSWORD}, address)
    assert response.headers["Location"].endswith("/staff/login/code")
    return client, post(client, "/staff/login/code", {"code": code}, address)


def test_wrong_codes_from_many_addresses_spend_the_accounts_code_budget(
    limited, db, make_user, addresses
):
    user = make_user("amal@example.org")
    secret = with_factor(db, user)
    statuses = [code_attempt(limited, user, "000000", addresses())[1].status_code for _ in range(4)]
    assert statuses == [422] * 4
    code = pyotp.TOTP(secret).now()
    _, right = code_attempt(limited, user, code, addresses())
    _, wrong = code_attempt(limited, user, "000000", addresses())
    assert right.status_code == wrong.status_code == 422, "a right code opens nothing now"
    assert page(right).replace(code, "000000") == page(wrong), "the typed code is shown again"
    outcomes = db.session.scalars(
        select(AuditEvent.detail).where(AuditEvent.action == "login_failed")
    ).all()
    assert sum("outcome=code_throttled" in detail for detail in outcomes) == 3


def test_the_owner_gets_past_a_spent_code_budget_with_the_mailed_link(
    limited, db, make_user, addresses
):
    user = make_user("amal@example.org")
    secret = with_factor(db, user)
    for _ in range(4):
        code_attempt(limited, user, "000000", addresses())
    [mail] = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "staff_unlock"))
    assert mail.recipient == user.email
    unlock = mail.body_text.split("http://127.0.0.1:5000", 1)[1].split()[0]
    owner = limited.test_client()
    assert owner.get(unlock).status_code == 302
    response = post(
        owner, "/staff/login", {"email": user.email, "password": PASSWORD}, "198.51.100.7"
    )
    assert response.headers["Location"].endswith("/staff/login/code")
    done = post(owner, "/staff/login/code", {"code": pyotp.TOTP(secret).now()}, "198.51.100.7")
    assert done.status_code == 302
    assert owner.get("/staff/", environ_base={"REMOTE_ADDR": "198.51.100.7"}).status_code == 200
    # The link worked once: a browser opening it later is not let past the budget, even with
    # a code that is right and unused (the next time step).
    late = limited.test_client()
    late.get(unlock)
    next_code = pyotp.TOTP(secret).at(time.time() + 30)
    _, again = code_attempt(limited, user, next_code, addresses(), client=late)
    assert again.status_code == 422
