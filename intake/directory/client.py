"""Talking to the directory with ldap3: one short connection per question, TLS unless the
development setting allows plain LDAP, and `DirectoryDown` whenever it cannot answer."""

import logging
import ssl
from collections.abc import Iterator
from contextlib import contextmanager

from ldap3 import BASE, NONE, SUBTREE, Connection, Server, Tls
from ldap3.core.exceptions import LDAPException

from intake.directory.people import Person, attributes_to_read, person_from, search_filter
from intake.directory.settings import DirectorySettings

log = logging.getLogger(__name__)
# Result codes that mean "ask again later", not "no".
BUSY = frozenset({51, 52, 80})
SIZE_LIMIT_EXCEEDED = 4
NO_SUCH_OBJECT = 32


class DirectoryDown(Exception):
    """The directory did not answer, refused the service account, or failed its TLS check."""


class CheckedTls(Tls):
    """TLS with the standard library's checks: the certificate must chain to LDAP_CA_FILE (or
    the system's CAs) and name the host (ldap3's own name check uses a deprecated call)."""

    def wrap_socket(self, connection, do_handshake=False):
        context = ssl.create_default_context(cafile=self.ca_certs_file)
        connection.socket = context.wrap_socket(
            connection.socket,
            server_hostname=connection.server.host,
            do_handshake_on_connect=do_handshake,
        )


def _server(settings: DirectorySettings) -> Server:
    return Server(
        settings.host,
        port=settings.port,
        use_ssl=settings.uses_ldaps,
        tls=CheckedTls(ca_certs_file=settings.ca_file or None, validate=ssl.CERT_REQUIRED),
        get_info=NONE,
        connect_timeout=settings.timeout,
    )


@contextmanager
def service_connection(settings: DirectorySettings) -> Iterator[Connection]:
    """A connection bound as the service account, closed afterwards. StartTLS on ldap://
    unless LDAP_ALLOW_PLAIN (development); every LDAP failure becomes DirectoryDown."""
    connection = Connection(
        _server(settings),
        user=settings.bind_dn,
        password=settings.bind_password,
        read_only=True,
        receive_timeout=settings.timeout,
        auto_referrals=False,
        raise_exceptions=False,
    )
    try:
        connection.open()
        if not settings.uses_ldaps and not settings.allow_plain:
            connection.start_tls()
        if not connection.bind():
            raise DirectoryDown(f"service account refused: {connection.result.get('result')}")
        yield connection
    except LDAPException as error:
        log.error("directory unavailable: %s", error.__class__.__name__)
        raise DirectoryDown(error.__class__.__name__) from error
    finally:
        _close(connection)


def _close(connection: Connection) -> None:
    try:
        connection.unbind()
    except LDAPException:
        log.debug("directory connection already closed")
    if connection.socket is not None:  # ldap3 keeps a socket whose connect failed
        connection.socket.close()


def _entries(connection: Connection) -> list[dict]:
    return [item for item in connection.response or [] if item.get("type") == "searchResEntry"]


def _check_result(connection: Connection) -> int:
    code = connection.result.get("result", 0)
    if code in BUSY:
        raise DirectoryDown(f"directory busy: {code}")
    return code


def _search_one(connection: Connection, settings: DirectorySettings, query: str) -> Person | None:
    """The one person matching; nobody when none or several match (an ambiguous login)."""
    connection.search(
        settings.user_base,
        query,
        SUBTREE,
        attributes=attributes_to_read(settings),
        size_limit=2,
    )
    code = _check_result(connection)
    entries = _entries(connection)
    if code == SIZE_LIMIT_EXCEEDED or len(entries) > 1:
        log.warning("directory: a login matched several people; none is used")
        return None
    if not entries:
        return None
    return person_from(entries[0]["dn"], entries[0]["attributes"], settings)


def find(login: str, settings: DirectorySettings) -> Person | None:
    """The person with this e-mail address (or user name), without their password."""
    with service_connection(settings) as connection:
        return _search_one(connection, settings, search_filter(login, settings))


def _nobody_dn(settings: DirectorySettings) -> str:
    return f"cn=intake-nobody,{settings.user_base}"


def _binds(connection: Connection, dn: str, password: str) -> bool:
    accepted = connection.rebind(user=dn, password=password)
    _check_result(connection)
    return bool(accepted)


def check_password(
    login: str, password: str, settings: DirectorySettings
) -> tuple[Person | None, bool]:
    """(the person or None, whether the password binds as them). One search and one bind on
    every path, so a login nobody has costs what a wrong password costs. An empty password
    is never sent: many directories take a DN without a password as an anonymous bind."""
    with service_connection(settings) as connection:
        person = _search_one(connection, settings, search_filter(login, settings))
        if not password:
            return person, False
        accepted = _binds(connection, person.dn if person else _nobody_dn(settings), password)
        return person, accepted and person is not None


def read(dn: str, settings: DirectorySettings) -> Person | None:
    """The person at `dn` now, or None when the entry is gone (deleted, moved or renamed)."""
    with service_connection(settings) as connection:
        connection.search(dn, settings.user_filter, BASE, attributes=attributes_to_read(settings))
        code = _check_result(connection)
        entries = _entries(connection)
        if code == NO_SUCH_OBJECT or not entries:
            return None
        return person_from(entries[0]["dn"], entries[0]["attributes"], settings)


def reachable(settings: DirectorySettings) -> bool:
    """The directory answers and accepts the service account."""
    try:
        with service_connection(settings):
            return True
    except DirectoryDown:
        return False
