"""The staff password rule: 12+ characters, not common, not the person's name or address.

Common passwords are checked offline against the lists shipped with the zxcvbn package
(30,000 passwords from breaches, and common words and names), in simple variants too:
any case, spaces and punctuation, digits or signs around it, l33t letters, a repetition
("passwordpassword") or a run ("123456789012", "qwertzuiopas"). Long passphrases are welcome.
"""

import re
import unicodedata
from functools import cache

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from intake.core.domain import DomainError

MIN_LENGTH = 12
MAX_LENGTH = 200
# What is left beside a name or address must be a password on its own.
MIN_REST = 8
LEET = str.maketrans(
    {"0": "o", "1": "l", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
RUNS = (
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890123456789",
    "qwertyuiopasdfghjklzxcvbnm",
    "qwertzuiopasdfghjklyxcvbnm",
    "azertyuiopqsdfghjklmwxcvbn",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)


class PasswordRefused(DomainError):
    status = 422
    field = "password"


TOO_SHORT = lazy_ngettext(
    "The password needs at least %(num)d character.",
    "The password needs at least %(num)d characters.",
    MIN_LENGTH,
)
TOO_LONG = lazy_ngettext(
    "The password can have at most %(num)d character.",
    "The password can have at most %(num)d characters.",
    MAX_LENGTH,
)
COMMON = _l(
    "This password is too easy to guess: it is a common password, a single word or a simple "
    "pattern. A few unrelated words make a good password."
)
PERSONAL = _l("The password must not be made of your name or e-mail address.")
CURRENT = _l("The new password must differ from your current password.")


def refusal(password: str, *, email: str, name: str, current=None) -> str | None:
    """Why the password is refused (a lazy, localized message), or None when it is fine.
    `current` checks a password against the account's current one (a callable, e.g.
    `user.check_password`)."""
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    if is_common(password):
        return COMMON
    if is_personal(password, email=email, name=name):
        return PERSONAL
    if current is not None and current(password):
        return CURRENT
    return None


def check(password: str, *, email: str, name: str, current=None, field: str = "password") -> None:
    """Raise PasswordRefused (on `field`) when the rule refuses the password."""
    message = refusal(password, email=email, name=name, current=current)
    if message is not None:
        raise PasswordRefused(message, field=field)


def _letters_and_digits(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(char for char in text if char.isalnum() or char in "@$")


@cache
def _common_words() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # a large module: loaded on first use

    return frozenset(word for words in FREQUENCY_LISTS.values() for word in words)


def is_common(password: str) -> bool:
    """On the lists, or a simple variant of an entry, a repetition or a run."""
    core = _letters_and_digits(password)
    return any(_weak(variant) for variant in {core, core.translate(LEET)})


def _weak(text: str) -> bool:
    words = _common_words()
    text = text.replace("@", "a").replace("$", "s")
    base = text.strip("0123456789")
    if text in words or base in words or _run(text):
        return True
    unit = _repeated_unit(text)
    if unit is not None and (len(unit) <= 4 or unit in words or _run(unit)):
        return True
    return not base or (base != text and (_run(base) or _repeated_unit(base) is not None))


def _repeated_unit(text: str) -> str | None:
    """The shortest piece `text` repeats ("ab" for "ababab"), or None."""
    found = re.fullmatch(r"(.+?)\1+", text)
    return found.group(1) if found else None


def _run(text: str) -> bool:
    """A stretch of the alphabet, the digits or a keyboard row, forwards or backwards."""
    return len(text) >= 4 and any(text in run or text in run[::-1] for run in RUNS)


def _identity_words(email: str, name: str) -> list[str]:
    local = email.partition("@")[0]
    pieces = [email, local, name, *re.split(r"[._+\-]", local), *name.split()]
    words = {_letters_and_digits(piece) for piece in pieces}
    words |= {word[::-1] for word in words}
    return sorted((word for word in words if len(word) >= 3), key=len, reverse=True)


def is_personal(password: str, *, email: str, name: str) -> bool:
    """Made mostly of the e-mail address or the name (any case, l33t, reversed): what is left
    once they are taken out is short or weak."""
    words = _identity_words(email, name)
    for core in {_letters_and_digits(password), _letters_and_digits(password).translate(LEET)}:
        rest = core
        for word in words:
            rest = rest.replace(word, "")
        if rest != core and (len(rest) < MIN_REST or _weak(rest)):
            return True
    return False
