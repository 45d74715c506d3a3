"""Plain rules over directory entries: the search filter, a person's role, languages and lock.

No network here: the client hands in what the directory answered.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ldap3.core.exceptions import LDAPInvalidDnError
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

from intake.core.vocabulary import SIGN_LANGUAGE
from intake.directory.settings import DirectorySettings
from intake.models import Role

# Active Directory's userAccountControl flag for a disabled account.
AD_ACCOUNT_DISABLED = 0x2
# ppolicy's pwdAccountLockedTime for "locked by an administrator" (other values are lockouts
# after failed passwords, which lapse and which the directory enforces at the bind itself).
PERMANENTLY_LOCKED = "000001010000Z"
LOCK_ATTRIBUTES = ("nsAccountLock", "pwdAccountLockedTime", "userAccountControl")


@dataclass(frozen=True)
class Person:
    """What intake reads about one person in the directory."""

    dn: str
    email: str
    name: str
    languages: tuple[str, ...]
    groups: frozenset[str]
    disabled: bool


def search_filter(login: str, settings: DirectorySettings) -> str:
    """The person whose e-mail (or user name) is `login`; every filter character in it is
    escaped, so `*)(uid=*` is looked for literally and finds nobody."""
    value = escape_filter_chars(login.strip())
    wanted = "".join(f"({attribute}={value})" for attribute in settings.login_attributes)
    return f"(&{settings.user_filter}(|{wanted}))"


def attributes_to_read(settings: DirectorySettings) -> list[str]:
    names = [settings.email_attribute, settings.name_attribute, "cn", settings.group_attribute]
    if settings.language_attribute:
        names.append(settings.language_attribute)
    return list(dict.fromkeys([*names, *LOCK_ATTRIBUTES]))


def normalise_dn(dn: str) -> str:
    """One spelling per DN: attribute names and values lower-cased, no spaces around `,`."""
    try:
        return ",".join(
            f"{name.lower()}={value.lower()}" for name, value, _ in parse_dn(dn, strip=True)
        )
    except LDAPInvalidDnError:
        return dn.strip().lower()


def values(attributes: Mapping, name: str) -> list[str]:
    """The values of one attribute as text, whatever case the server spelled its name in."""
    for key, found in attributes.items():
        if key.lower() == name.lower():
            found = found if isinstance(found, list | tuple) else [found]
            return [
                item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
                for item in found
            ]
    return []


def is_disabled(attributes: Mapping) -> bool:
    """Disabled by whichever mark the server has: 389/Red Hat's nsAccountLock, ppolicy's
    administrative lock, or Active Directory's ACCOUNTDISABLE flag."""
    if any(value.strip().lower() == "true" for value in values(attributes, "nsAccountLock")):
        return True
    if PERMANENTLY_LOCKED in values(attributes, "pwdAccountLockedTime"):
        return True
    for value in values(attributes, "userAccountControl"):
        if value.strip().isdigit() and int(value) & AD_ACCOUNT_DISABLED:
            return True
    return False


def language_codes(raw: Iterable[str]) -> tuple[str, ...]:
    """Language codes from values like "de, ar;q=0.9, en-GB" (one or several values): the
    primary subtag of each, in order, without repeats."""
    codes = []
    for value in raw:
        for item in value.split(","):
            tag = item.split(";")[0].strip().replace("_", "-").lower()
            code = tag if tag == SIGN_LANGUAGE else tag.split("-")[0]
            if code.isalpha() and 2 <= len(code) <= 3:
                codes.append(code)
    return tuple(dict.fromkeys(codes))


def person_from(dn: str, attributes: Mapping, settings: DirectorySettings) -> Person:
    emails = values(attributes, settings.email_attribute)
    names = values(attributes, settings.name_attribute) or values(attributes, "cn")
    languages = (
        values(attributes, settings.language_attribute) if settings.language_attribute else []
    )
    return Person(
        dn=dn,
        email=(emails[0] if emails else "").strip().lower(),
        name=(names[0] if names else "").strip(),
        languages=language_codes(languages),
        groups=frozenset(
            normalise_dn(group) for group in values(attributes, settings.group_attribute)
        ),
        disabled=is_disabled(attributes),
    )


def role_of(person: Person, settings: DirectorySettings) -> str | None:
    """The lead group wins over the counsellor group; in neither: no role, no access."""
    if settings.lead_group and normalise_dn(settings.lead_group) in person.groups:
        return Role.LEAD
    if settings.counsellor_group and normalise_dn(settings.counsellor_group) in person.groups:
        return Role.COUNSELLOR
    return None


def may_sign_in(person: Person | None, settings: DirectorySettings) -> bool:
    """Found, not disabled, with an e-mail address, and in one of intake's groups."""
    return (
        person is not None
        and not person.disabled
        and bool(person.email)
        and role_of(person, settings) is not None
    )
