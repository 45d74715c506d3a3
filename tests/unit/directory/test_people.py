"""The plain directory rules: who counts as disabled, which role a person gets, which
languages, and how the login is put into the filter."""

import pytest

from intake.directory.people import (
    Person,
    is_disabled,
    language_codes,
    may_sign_in,
    normalise_dn,
    role_of,
    search_filter,
)
from intake.directory.settings import DirectorySettings

SETTINGS = DirectorySettings(
    url="ldaps://dc1.city.example",
    bind_dn="cn=svc",
    bind_password="secret",
    user_base="ou=people,dc=city,dc=example",
    login_attributes=("mail", "sAMAccountName"),
    user_filter="(objectCategory=person)",
    email_attribute="mail",
    name_attribute="displayName",
    language_attribute="preferredLanguage",
    group_attribute="memberOf",
    counsellor_group="CN=Intake-Beratung,OU=Groups,DC=city,DC=example",
    lead_group="CN=Intake-Leitung,OU=Groups,DC=city,DC=example",
    ca_file="",
    allow_plain=False,
    timeout=5,
)


def person(*groups: str, disabled: bool = False, email: str = "a@city.example") -> Person:
    return Person(
        dn="cn=a",
        email=email,
        name="A",
        languages=(),
        groups=frozenset(normalise_dn(group) for group in groups),
        disabled=disabled,
    )


@pytest.mark.parametrize(
    ("attributes", "disabled"),
    [
        ({"userAccountControl": ["514"]}, True),  # NORMAL_ACCOUNT | ACCOUNTDISABLE
        ({"userAccountControl": ["512"]}, False),
        ({"nsAccountLock": ["TRUE"]}, True),
        ({"nsaccountlock": ["false"]}, False),
        ({"pwdAccountLockedTime": ["000001010000Z"]}, True),
        ({"pwdAccountLockedTime": ["20261116080000Z"]}, False),  # a lapsing lockout
        ({}, False),
    ],
)
def test_a_person_is_disabled_by_whichever_mark_the_server_has(attributes, disabled):
    assert is_disabled(attributes) is disabled


def test_the_lead_group_wins_over_the_counsellor_group():
    both = person(SETTINGS.counsellor_group, SETTINGS.lead_group)
    assert role_of(both, SETTINGS) == "lead"
    assert role_of(person(SETTINGS.counsellor_group), SETTINGS) == "counsellor"


def test_group_names_match_whatever_their_case_and_spacing():
    spelled = "cn=intake-beratung, ou=groups, dc=CITY, dc=example"
    assert role_of(person(spelled), SETTINGS) == "counsellor"


@pytest.mark.parametrize(
    "candidate",
    [
        person("CN=Other,OU=Groups,DC=city,DC=example"),
        person(SETTINGS.lead_group, disabled=True),
        person(SETTINGS.lead_group, email=""),
        None,
    ],
)
def test_nobody_outside_the_groups_disabled_or_without_address_may_sign_in(candidate):
    assert not may_sign_in(candidate, SETTINGS)


def test_languages_come_from_one_or_several_values_with_weights():
    assert language_codes(["de, ar;q=0.9, en-GB;q=0.5", "uk", "DGS", "xx-yy-zz-123, de"]) == (
        "de",
        "ar",
        "en",
        "uk",
        "dgs",
        "xx",
    )


def test_the_login_is_escaped_in_every_attribute_it_is_looked_up_in():
    query = search_filter("*)(uid=*\\", SETTINGS)
    assert query == (
        "(&(objectCategory=person)"
        "(|(mail=\\2a\\29\\28uid=\\2a\\5c)(sAMAccountName=\\2a\\29\\28uid=\\2a\\5c)))"
    )
