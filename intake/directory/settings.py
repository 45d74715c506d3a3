"""The directory settings, read from the configuration into one value."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app


@dataclass(frozen=True)
class DirectorySettings:
    url: str
    bind_dn: str
    bind_password: str
    user_base: str
    login_attributes: tuple[str, ...]
    user_filter: str
    email_attribute: str
    name_attribute: str
    language_attribute: str
    group_attribute: str
    counsellor_group: str
    lead_group: str
    ca_file: str
    allow_plain: bool
    timeout: int

    @property
    def uses_ldaps(self) -> bool:
        return urlsplit(self.url).scheme.lower() == "ldaps"

    @property
    def host(self) -> str:
        return urlsplit(self.url).hostname or ""

    @property
    def port(self) -> int:
        return urlsplit(self.url).port or (636 if self.uses_ldaps else 389)

    @property
    def owns_languages(self) -> bool:
        return bool(self.language_attribute)


def configured() -> bool:
    """Staff sign in with the directory when LDAP_URL is set."""
    return bool(current_app.config.get("LDAP_URL"))


def current() -> DirectorySettings:
    config = current_app.config
    return DirectorySettings(
        url=config["LDAP_URL"],
        bind_dn=config["LDAP_BIND_DN"],
        bind_password=config["LDAP_BIND_PASSWORD"],
        user_base=config["LDAP_USER_BASE"],
        login_attributes=tuple(
            name.strip() for name in config["LDAP_LOGIN_ATTRIBUTES"].split(",") if name.strip()
        ),
        user_filter=config["LDAP_USER_FILTER"] or "(objectClass=*)",
        email_attribute=config["LDAP_EMAIL_ATTRIBUTE"],
        name_attribute=config["LDAP_NAME_ATTRIBUTE"],
        language_attribute=config["LDAP_LANGUAGE_ATTRIBUTE"],
        group_attribute=config["LDAP_GROUP_ATTRIBUTE"],
        counsellor_group=config["LDAP_COUNSELLOR_GROUP"],
        lead_group=config["LDAP_LEAD_GROUP"],
        ca_file=config["LDAP_CA_FILE"],
        allow_plain=bool(config["LDAP_ALLOW_PLAIN"]),
        timeout=int(config["LDAP_TIMEOUT"]),
    )
