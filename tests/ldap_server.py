"""A real OpenLDAP server (Debian's slapd) on a free loopback port, owned by the test run.

It speaks StartTLS with a CA and server certificate made here, keeps `memberOf` on the
people (the memberof overlay, as Active Directory does) and marks a locked person with ppolicy's
pwdAccountLockedTime without refusing their bind, so that the app's own check is what
keeps them out. It also answers a DN with an empty password as an
anonymous bind, as Active Directory does by default, so that the tests prove the app never
sends one.
"""

import datetime
import ipaddress
import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SLAPD = "/usr/sbin/slapd"
LDAPADD = shutil.which("ldapadd") or "/usr/bin/ldapadd"
SUFFIX = "dc=city,dc=example"
ADMIN_DN = f"cn=admin,{SUFFIX}"
ADMIN_PASSWORD = "admin-secret-4711"
SERVICE_DN = f"cn=intake,ou=services,{SUFFIX}"
SERVICE_PASSWORD = "service-secret-0815"
PEOPLE = f"ou=people,{SUFFIX}"
COUNSELLORS = f"cn=intake-counsellors,ou=groups,{SUFFIX}"
LEADS = f"cn=intake-leads,ou=groups,{SUFFIX}"
SEED = Path(__file__).parent / "ldap" / "seed.ldif"
# The people of the seed, and the password each of them has.
PASSWORDS = {
    "amal@city.example": "amal-city-password",
    "olena@city.example": "olena-city-password",
    "leitung@city.example": "leitung-city-password",
    "nogroup@city.example": "nogroup-city-password",
    "gone@city.example": "gone-city-password",
}
LOCKED = "000001010000Z"  # ppolicy's value for "locked by an administrator"

CONFIG = """\
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
pidfile {dir}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb.so
moduleload memberof.so
moduleload ppolicy.so
TLSCACertificateFile {dir}/ca.pem
TLSCertificateFile {dir}/server.pem
TLSCertificateKeyFile {dir}/server.key
allow bind_anon_dn
security tls=1
database mdb
maxsize 16777216
suffix "{suffix}"
rootdn "{admin}"
rootpw {password}
directory {dir}/data
overlay memberof
overlay ppolicy
access to attrs=userPassword by anonymous auth by self write by * none
access to * by users read by anonymous auth
"""


def available() -> bool:
    return Path(SLAPD).exists() and Path(LDAPADD).exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CA_KEY_USAGE = dict.fromkeys(
    ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement"), False
) | {"digital_signature": True, "key_cert_sign": True, "crl_sign": True}
CA_KEY_USAGE |= {"encipher_only": False, "decipher_only": False}


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def write_certificates(folder: Path) -> None:
    """A CA and a server certificate for 127.0.0.1 and localhost, valid for a day."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("intake test CA"))
        .issuer_name(_name("intake test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(**CA_KEY_USAGE),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    server = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.ExtendedKeyUsage([x509.ExtendedKeyUsageOID.SERVER_AUTH]), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (folder / "ca.pem").write_bytes(ca.public_bytes(pem))
    (folder / "server.pem").write_bytes(server.public_bytes(pem))
    (folder / "server.key").write_bytes(
        key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


class DirectoryServer:
    """slapd in `folder`: start, stop, seed from the LDIF, and change people as an admin."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"ldap://127.0.0.1:{self.port}"

    @property
    def ca_file(self) -> str:
        return str(self.folder / "ca.pem")

    def prepare(self) -> None:
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        write_certificates(self.folder)
        config = CONFIG.format(
            dir=self.folder, suffix=SUFFIX, admin=ADMIN_DN, password=ADMIN_PASSWORD
        )
        (self.folder / "slapd.conf").write_text(config, encoding="utf-8")

    def start(self) -> None:
        with (self.folder / "slapd.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603  (fixed arguments)
                [SLAPD, "-f", str(self.folder / "slapd.conf"), "-h", f"{self.url}/", "-d", "0"],
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.folder / "slapd.log").read_text(errors="replace")
                raise RuntimeError(f"slapd stopped at start: {log[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("slapd did not listen in time")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def ldif(self, text: str, *, modify: bool = False) -> None:
        """Apply LDIF with Debian's ldapadd or ldapmodify over StartTLS, as the administrator."""
        tool = LDAPADD.replace("ldapadd", "ldapmodify") if modify else LDAPADD
        subprocess.run(  # noqa: S603  (fixed arguments, our own server)
            [tool, "-x", "-ZZ", "-H", self.url, "-D", ADMIN_DN, "-w", ADMIN_PASSWORD],
            input=text.encode(),
            env={"LDAPTLS_CACERT": self.ca_file, "PATH": "/usr/bin:/bin"},
            check=True,
            capture_output=True,
        )

    def seed(self) -> None:
        self.ldif(SEED.read_text(encoding="utf-8"))

    def add_person(self, uid: str, *, groups: tuple[str, ...] = (COUNSELLORS,), **attrs) -> str:
        """A new person with password `uid`-password in the given groups; returns the e-mail."""
        mail = f"{uid}@city.example"
        extra = "".join(f"{name}: {value}\n" for name, value in attrs.items())
        self.ldif(
            f"dn: uid={uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\n"
            f"sn: {uid}\ndisplayName: {uid.title()} Test\nmail: {mail}\n"
            f"userPassword: {uid}-password\n{extra}"
        )
        for group in groups:
            self.join(uid, group)
        return mail

    def join(self, uid: str, group: str) -> None:
        self.ldif(
            f"dn: {group}\nchangetype: modify\nadd: member\nmember: uid={uid},{PEOPLE}\n",
            modify=True,
        )

    def leave(self, uid: str, group: str) -> None:
        self.ldif(
            f"dn: {group}\nchangetype: modify\ndelete: member\nmember: uid={uid},{PEOPLE}\n",
            modify=True,
        )

    def lock(self, uid: str) -> None:
        self.ldif(
            f"dn: uid={uid},{PEOPLE}\nchangetype: modify\nadd: pwdAccountLockedTime\n"
            f"pwdAccountLockedTime: {LOCKED}\n",
            modify=True,
        )

    def delete(self, uid: str) -> None:
        self.ldif(f"dn: uid={uid},{PEOPLE}\nchangetype: delete\n", modify=True)


def new_uid() -> str:
    return f"p{secrets.token_hex(4)}"
