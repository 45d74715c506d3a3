"""Configuration classes; every setting can be overridden by an environment variable."""

import logging
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key"  # noqa: S105  (refused outside development)
MIN_SECRET_KEY_LENGTH = 32


class Config:
    """Defaults shared by every environment."""

    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    DATABASE_URL = f"sqlite:///{BASE_DIR / 'instance' / 'intake.sqlite'}"

    # The office (defaults from its public page).
    OFFICE_NAME = "Integrations- und Ausländerbeauftragte"
    OFFICE_CITY = "Landeshauptstadt Dresden"
    OFFICE_STREET = "Dr.-Külz-Ring 19"
    OFFICE_POSTCODE_CITY = "01067 Dresden"
    OFFICE_PHONE = "0351-4882131"
    OFFICE_EMAIL = "auslaenderbeauftragte@dresden.de"
    IMMIGRATION_OFFICE_URL = (
        "https://www.dresden.de/de/rathaus/dienstleistungen/aufenthaltstitel.php"
    )
    IMMIGRATION_OFFICE_EMAIL = "auslaenderbehoerde@dresden.de"
    IMMIGRATION_OFFICE_ADDRESS = "Theaterstraße 11–15, 01067 Dresden"
    # Deaf visitors: a number that takes text messages (empty: the office phone is named), the
    # national relay service, and where the lead's DGS video and captions are kept (empty: the
    # instance folder; with several app servers, a folder they share) and how large it may be.
    OFFICE_SMS = ""
    RELAY_SERVICE_NAME = "Tess"
    RELAY_SERVICE_URL = "https://www.tess-relay-dienste.de/"
    SIGN_LANGUAGE_MEDIA_DIR = ""
    SIGN_LANGUAGE_VIDEO_MAX_MB = 200
    TIMEZONE = "Europe/Berlin"

    # Languages: adding one takes a catalogue and its code here.
    LANGUAGES = "de,en,uk,ru,ar,fa,vi,tr,fr,ps,ku,pl,ro"
    STAFF_LANGUAGES = "de,en"
    DEFAULT_LANGUAGE = "de"

    # Mail.
    MAIL_SERVER = ""
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""
    MAIL_DEFAULT_SENDER = "auslaenderbeauftragte@dresden.de"
    MAIL_TIMEOUT = 10
    # The address people reach the site at; every absolute link is built from it.
    PUBLIC_URL = "http://127.0.0.1:5000"
    # How many reverse proxies set X-Forwarded-For/-Proto/-Host in front of the app (0: none).
    PROXY_COUNT = 0

    # Safety.
    # Limits live in Redis in production (redis://127.0.0.1:6379/0): shared by every server.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = True
    # Store unreachable: public pages go on with per-process limits; staff login fails closed.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    LOGIN_RATE_LIMIT = "5 per minute;20 per hour"
    # Per address only accepted requests count: a shelter has many people behind one address.
    INTAKE_RATE_LIMIT = "30 per hour;100 per day"
    # Every attempt (also refused ones) from one address: a flood ceiling, not a daily limit.
    INTAKE_ATTEMPT_RATE_LIMIT = "120 per hour"
    # Accepted requests with the same e-mail address, or the same phone number.
    INTAKE_CONTACT_RATE_LIMIT = "3 per day"
    MANAGE_RATE_LIMIT = "60 per minute"
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_PARTS = 200
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    SESSION_IDLE_MINUTES = 30
    SESSION_MAX_HOURS = 10
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 3600
    HSTS = False
    # Whether staff need a second factor while the office has not saved its own settings.
    SECOND_FACTOR_DEFAULT = False
    # 429 answers say when to try again (Retry-After).
    RATELIMIT_HEADERS_ENABLED = True

    # Production serving: one JSON line per request on stderr; pool per worker process.
    REQUEST_LOG = True
    DATABASE_POOL_SIZE = 5
    DATABASE_MAX_OVERFLOW = 5
    DATABASE_POOL_TIMEOUT = 10
    # Where servers share the "availability changed" counter that lets them reuse computed
    # slots; empty: the limit store when it is Redis; no Redis: slots are computed every time.
    AVAILABILITY_CACHE_URL = ""
    # Counsellors' own calendars: passwords are encrypted with this key (32+ characters;
    # production refuses to start with calendars connected and no key), busy time is read
    # every CALENDAR_SYNC_MINUTES, and the lead is told once after CALENDAR_STALE_MINUTES of
    # failure.
    CALENDAR_SECRET_KEY = ""
    CALENDAR_SYNC_MINUTES = 5
    CALENDAR_STALE_MINUTES = 120
    # gunicorn's worker count (gunicorn.conf.py reads the same variable).
    WEB_CONCURRENCY = 1

    # The city's directory (LDAP); without LDAP_URL staff use local accounts only.
    # ldap://host:389 speaks StartTLS, ldaps://host:636 TLS; plain LDAP only in development.
    LDAP_URL = ""
    LDAP_BIND_DN = ""
    LDAP_BIND_PASSWORD = ""
    LDAP_USER_BASE = ""
    # Attributes the typed login is looked up in: the e-mail address, and e.g. uid or
    # sAMAccountName to accept user names too.
    LDAP_LOGIN_ATTRIBUTES = "mail"
    # Added to every search, e.g. (objectCategory=person) for Active Directory.
    LDAP_USER_FILTER = "(objectClass=person)"
    LDAP_EMAIL_ATTRIBUTE = "mail"
    LDAP_NAME_ATTRIBUTE = "displayName"
    # e.g. preferredLanguage; empty: the lead keeps each person's languages in intake.
    LDAP_LANGUAGE_ATTRIBUTE = ""
    LDAP_GROUP_ATTRIBUTE = "memberOf"
    LDAP_COUNSELLOR_GROUP = ""
    LDAP_LEAD_GROUP = ""
    LDAP_CA_FILE = ""
    LDAP_ALLOW_PLAIN = False
    LDAP_TIMEOUT = 5
    LDAP_RECHECK_MINUTES = 5

    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    RATELIMIT_ENABLED = False
    DATABASE_URL = "sqlite://"
    REQUEST_LOG = False


class ProductionConfig(Config):
    SECRET_KEY = ""
    DATABASE_URL = ""
    PUBLIC_URL = ""
    SESSION_COOKIE_SECURE = True
    HSTS = True
    SECOND_FACTOR_DEFAULT = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def _coerce(raw: str, default: object) -> object:
    """Read an environment value as the type of the setting's default."""
    if isinstance(default, bool):
        if raw.lower() not in {"true", "false"}:
            raise ValueError(f"expected true or false, got {raw!r}")
        return raw.lower() == "true"
    if isinstance(default, int):
        return int(raw)
    return raw


def load_config(name: str, environ: dict[str, str] | None = None) -> dict[str, object]:
    """Settings of the named class, each replaced by an environment variable of the same name."""
    environ = os.environ if environ is None else environ
    cls = CONFIGS[name]
    settings = {key: getattr(cls, key) for key in dir(cls) if key.isupper()}
    for key, default in settings.items():
        if key in environ:
            settings[key] = _coerce(environ[key], default)
    settings["SQLALCHEMY_DATABASE_URI"] = settings["DATABASE_URL"]
    settings["ENV_NAME"] = name
    if name == "production":
        refuse_unsafe_production(settings)
    return settings


def refuse_unsafe_production(settings: dict[str, object]) -> None:
    """Production starts only with its own long secret, a database and a public address."""
    secret = str(settings["SECRET_KEY"])
    if not secret or secret == DEVELOPMENT_SECRET_KEY:
        raise RuntimeError("SECRET_KEY must be set in production")
    if len(secret) < MIN_SECRET_KEY_LENGTH:
        raise RuntimeError(f"SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} characters")
    for required in ("DATABASE_URL", "PUBLIC_URL"):
        if not settings[required]:
            raise RuntimeError(f"{required} must be set in production")
    if settings["LDAP_ALLOW_PLAIN"]:
        raise RuntimeError(
            "LDAP_ALLOW_PLAIN=true sends staff passwords unencrypted: it is for development "
            "only; use ldap:// with StartTLS or ldaps:// and LDAP_CA_FILE"
        )
    if str(settings["RATELIMIT_STORAGE_URI"]).startswith("memory://"):
        if int(settings["WEB_CONCURRENCY"]) > 1:
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI=memory:// with WEB_CONCURRENCY > 1 multiplies every limit "
                "by the number of workers: use redis://"
            )
        logging.getLogger("intake").warning(
            "RATELIMIT_STORAGE_URI=memory://: limits are per process and not shared between "
            "servers; set redis:// for more than one server"
        )
