"""The staff password rule: long passphrases pass; common, personal and current ones do not."""

import pytest

from intake.accounts import passwords

EMAIL = "amal.haddad@example.org"
NAME = "Amal Haddad"


def refusal(password: str, current: str | None = None):
    return passwords.refusal(
        password, email=EMAIL, name=NAME, current=current.__eq__ if current else None
    )


@pytest.mark.parametrize(
    "password",
    [
        "123456789012",
        "passwordpassword",
        "Password2026!",
        "P@ssw0rd123456",
        "qwertyuiopasdf",
        "qwertzuiopasdf",
        "abcdefghijklmn",
        "iloveyouiloveyou",
        "aaaaaaaaaaaaaaaa",
        "000000000000",
        "987654321098",
        "dragon12345678",
        "  football  2026",
        "1qaz2wsx3edc4rfv",
        "strawberries",
        "Christopher2001",
        "839201746352",
    ],
)
def test_common_passwords_and_simple_variants_are_refused(password):
    assert refusal(password) is passwords.COMMON


@pytest.mark.parametrize(
    "password",
    [
        "amal.haddad@example.org",
        "AMAL.HADDAD@EXAMPLE.ORG",
        "amalhaddad2026",
        "Amal Haddad Amal",
        "haddad.amal.1984",
        "4m4l h4dd4d 2026!",
        "dadd4hlama!!!!",
    ],
)
def test_the_email_address_and_name_are_refused_in_simple_variants(password):
    assert refusal(password) is passwords.PERSONAL


def test_the_current_password_is_refused():
    assert refusal("a river runs by the old mill", current="a river runs by the old mill") is (
        passwords.CURRENT
    )


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery",
        "Donaudampfschifffahrt im Nebel",
        "amal walks to the old bridge at dawn",
        "Elbe-Ufer 7 Uhr Kaffee trinken",
        "مرحبا بكم في دريسدن الجميلة",
        "ein langer Satz " * 12,
    ],
)
def test_long_passphrases_pass(password):
    assert refusal(password) is None


def test_twelve_characters_are_the_minimum_and_long_passphrases_are_welcome():
    assert refusal("kurz & gut!") is passwords.TOO_SHORT
    assert refusal("river mill o") is None
    assert refusal("x" * 150 + " wide river") is None
    assert refusal("tall trees and " * 14) is passwords.TOO_LONG
