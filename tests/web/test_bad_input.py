"""The bad-input catalogue: one row per hostile or broken input, on SQLite and PostgreSQL.

Each row says what is sent, the status it must get and the message the visitor must read
(looked up in the page's language, so the row holds when the catalogue is translated);
every row also checks: no 500, no stack trace, nothing stored (rows counted before and
after in every table but the audit log, which records refusals on purpose), and, where a
form answers, that what was typed is shown again.
"""

import json
import re
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask_babel import force_locale, get_translations, gettext
from markupsafe import escape
from sqlalchemy import func, select

from intake.core.security import hash_token
from intake.extensions import db as _db
from intake.models import (
    Absence,
    Appointment,
    Case,
    CaseNote,
    Closure,
    OfficeSettings,
    OutboxMessage,
    ReferralService,
    Role,
    SlotOffer,
    User,
    WorkingHours,
)
from tests.helpers import NOW, TUESDAY_9, book_by_api, manage_path, request_body

COUNTED = (
    Case,
    Appointment,
    OutboxMessage,
    Closure,
    WorkingHours,
    Absence,
    OfficeSettings,
    User,
    CaseNote,
    SlotOffer,
)
CROSS_SITE = {"Origin": "https://evil.example"}
FETCH_CROSS_SITE = {"Sec-Fetch-Site": "cross-site"}
CLOSED_THURSDAY = date(2026, 11, 19)

# Messages, by msgid (the catalogue finds them in each page's language).
REQUIRED_TOPIC = "Please choose at least one topic."
TOO_LONG = ("Please use at most %(num)d character.", "Please use at most %(num)d characters.", 100)
ADDRESS_US = "Please tell us how we may address you."
NOT_ALLOWED = "This contains characters that are not allowed."
NUL_REFUSED = "What you sent contains a character that is not allowed. Please check it."
BAD_EMAIL = "Please enter a valid e-mail address."
PHONE_DIGITS = "Please enter a phone number with digits only."
BAD_PHONE = "Please enter a valid phone number."
SHORT_PHONE = "This phone number is too short. Please enter it with the area code."
NO_CONTACT = "Please give an e-mail address or a phone number."
CONSENT = "We can only take your request with your consent."
NOT_BOOKABLE = "This time cannot be booked. Please choose one of the times shown."
CALL_WHEN = "Please tell us when we can call you."
CHOOSE_CHANNEL = "Please choose e-mail or phone."
EMAIL_FOR_CHANNEL = "Please give an e-mail address to be contacted by e-mail."
RENEWED = "For your security the form was renewed. Please check and send it again."
SEND_JSON = "Send a JSON object."
FIX_FIELDS = "Please correct the marked fields."
TEXT_HERE = "Please send text here."
SENT_TWICE = "This field was sent more than once."
LIST_OF_TEXTS = "Please send a list of texts."
NOT_ALLOWED_VALUE = "This value is not one of the allowed ones."
TRUE_FALSE = "Please send true or false."
TOO_MUCH = "Too much data"
NOT_ALLOWED_HERE = "Not allowed"
ACCESS_DENIED = "Access denied"
NOT_FOUND = "Page not found"
NOT_UNDERSTOOD = "The request could not be understood"
NOT_A_DATE = "Please enter a date like 2026-12-01."
NOT_A_TIME = "Please enter a time like 09:30."
DATE_RANGE = "Please choose a date between %(first)s and %(last)s."
END_AFTER_START = "The end must be after the start."
BOTH_TIMES = "Give both times, or neither to close the whole day."
PASSED = "This date has passed. Please choose today or a later day."
WRONG_CODE = "This code is not correct."
NOT_CURRENT = "This is not your current password."
PASSWORDS_DIFFER = "The two new passwords differ."
COMMON_PASSWORD = (
    "This password is too easy to guess: it is a common password, a single word or a simple "
    "pattern. A few unrelated words make a good password."
)
PERSONAL_PASSWORD = "The password must not be made of your name or e-mail address."
SAME_PASSWORD = "The new password must differ from your current password."
NOT_CHANGEABLE = "This appointment can no longer be changed."
CHOOSE_SHOWN = "Please choose one of the times shown."
PARAM_TWICE = "The parameter %(name)s was given more than once."
PARAM_DATE = "The parameter %(name)s must be a date like 2026-12-01."
PARAM_REQUIRED = "The parameter %(name)s is required."
DAYS_BETWEEN = "Ask for dates between %(first)s and %(last)s."
END_BEFORE_START = "The end date must not be before the start date."
# A counted message: (singular, plural, a count); the page shows the form for that count.
AT_MOST_DAYS = ("Ask for at most %(num)d day at once.", "Ask for at most %(num)d days at once.", 92)
LANGUAGE_NOT_OFFERED = "This language is not offered."
UNKNOWN_MODE = "Unknown consultation mode."


@dataclass(frozen=True)
class Row:
    """One bad input: `path` may hold {token}; `data` is a form, `json` a body (or raw str)."""

    id: str
    path: str
    method: str = "POST"
    data: dict | None = None
    json: object = None
    raw: bytes | None = None
    status: int = 422
    message: str | tuple | None = None  # a msgid; its text must appear, in the page's language
    kept: str | None = None  # typed text that must be shown again
    lang: str = "de"
    role: str | None = None  # log in first as "counsellor" or "lead"
    headers: dict = field(default_factory=dict)
    csrf: bool = False  # run with CSRF protection on (and send no token)
    multipart: bool = False
    stores: str | None = None  # for literal-text rows: the model that gains one row


def form(**changes) -> dict:
    data = {
        "topics": ["work"],
        "talk_language": "de",
        "interpreter_language": "",
        "mode": "in_person",
        "start": TUESDAY_9,
        "name": "Amina",
        "email": "amina@example.org",
        "phone": "",
        "contact_channel": "email",
        "description": "",
        "consent": "y",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def hours(**changes) -> dict:
    data = {
        "hours-weekday": "1",
        "hours-start_time": "13:00",
        "hours-end_time": "15:00",
        "hours-valid_from": "",
        "hours-valid_until": "",
    }
    return data | changes


def absence(**changes) -> dict:
    data = {
        "absence-start_date": "2026-11-20",
        "absence-start_time": "09:00",
        "absence-end_date": "2026-11-21",
        "absence-end_time": "17:00",
        "absence-note": "",
    }
    return data | changes


def settings(**changes) -> dict:
    data = {
        "slot_minutes": "60",
        "buffer_minutes": "0",
        "min_notice_hours": "24",
        "horizon_days": "56",
        "retention_days": "365",
        "retention_closed_days": "183",
        "retention_unanswered_days": "30",
        "audit_retention_days": "730",
    }
    return data | changes


def password(**changes) -> dict:
    new = "a new long password"
    return {"current": "correct horse battery", "new": new, "repeat": new} | changes


LONG_NAME = "N" * 101
REQUEST = "/de/request"
API = "/api/v1/requests"

INTAKE_FORM = [
    Row("form-empty-in-arabic", "/ar/request", data={}, message=REQUIRED_TOPIC, lang="ar"),
    Row("form-name-overlong", REQUEST, data=form(name=LONG_NAME), message=TOO_LONG, kept=LONG_NAME),
    Row("form-description-overlong", REQUEST, data=form(description="d" * 1001), message=TOO_LONG),
    Row(
        "form-body-over-max-content-length",
        REQUEST,
        data=form(description="x" * 300_000),
        status=413,
        message=TOO_MUCH,
    ),
    Row(
        "form-thousands-of-parts",
        REQUEST,
        data={f"f{n}": "x" for n in range(1000)},
        status=413,
        message=TOO_MUCH,
        multipart=True,
    ),
    Row("form-name-whitespace-only", REQUEST, data=form(name="   "), message=ADDRESS_US),
    Row(
        "form-name-zero-width-only",
        REQUEST,
        data=form(name="\u200b\u200c\u200d"),
        message=ADDRESS_US,
    ),
    Row(
        "form-name-word-joiner-and-bom", REQUEST, data=form(name="\u2060\ufeff"), message=ADDRESS_US
    ),
    Row("form-name-nul", REQUEST, data=form(name="Ami\x00na"), status=422, message=NOT_ALLOWED),
    Row(
        "form-description-nul",
        REQUEST,
        data=form(description="a\x00b"),
        status=422,
        message=NOT_ALLOWED,
    ),
    Row(
        "form-preferred-times-nul",
        REQUEST,
        data=form(start="callback", preferred_times="\x00"),
        status=422,
        message=NOT_ALLOWED,
    ),
    Row(
        "form-name-crlf-header-injection",
        REQUEST,
        data=form(name="Amina\r\nBcc: x@evil.example"),
        message=NOT_ALLOWED,
    ),
    Row(
        "form-email-crlf-header-injection",
        REQUEST,
        data=form(email="amina@example.org\r\nBcc: x@evil.example"),
        message=NOT_ALLOWED,
    ),
    Row("form-name-control-character", REQUEST, data=form(name="Ami\x07na"), message=NOT_ALLOWED),
    Row(
        "form-invalid-utf8-name",
        REQUEST,
        raw=b"name=Am\xff\xfeina&topics=work&consent=y",
        message=ADDRESS_US,
    ),
    Row(
        "form-email-invalid",
        REQUEST,
        data=form(email="not-an-address"),
        message=BAD_EMAIL,
        kept="not-an-address",
    ),
    Row(
        "form-email-fullwidth-domain",
        REQUEST,
        data=form(email="amina@ｅxample.org"),
        message=BAD_EMAIL,
    ),
    Row(
        "form-email-fullwidth-at", REQUEST, data=form(email="amina＠example.org"), message=BAD_EMAIL
    ),
    Row(
        "form-phone-letters",
        REQUEST,
        data=form(email="", phone="0351-CALL-ME", contact_channel="phone"),
        message=PHONE_DIGITS,
        kept="0351-CALL-ME",
    ),
    Row(
        "form-phone-too-short",
        REQUEST,
        data=form(email="", phone="123", contact_channel="phone"),
        message=SHORT_PHONE,
    ),
    Row("form-no-contact", REQUEST, data=form(email="", contact_channel=""), message=NO_CONTACT),
    Row(
        "form-contact-channel-unknown",
        REQUEST,
        data=form(contact_channel="pigeon"),
        message=CHOOSE_CHANNEL,
    ),
    Row(
        "form-contact-channel-email-without-email",
        REQUEST,
        data=form(email="", phone="+49 351 1234567", contact_channel="email"),
        message=EMAIL_FOR_CHANNEL,
    ),
    Row("form-unknown-topic", REQUEST, data=form(topics=["work", "smuggling"])),
    Row("form-unknown-language", REQUEST, data=form(talk_language="xx")),
    Row("form-unknown-interpreter-language", REQUEST, data=form(interpreter_language="klingon")),
    Row("form-unknown-mode", REQUEST, data=form(mode="telepathy")),
    Row("form-no-consent", REQUEST, data=form(consent=None), message=CONSENT),
    Row("form-callback-without-times", REQUEST, data=form(start="callback"), message=CALL_WHEN),
    Row(
        "form-callback-with-whitespace-only-times",
        REQUEST,
        data=form(start="callback", preferred_times=" \t "),
        message=CALL_WHEN,
    ),
    Row(
        "form-callback-unknown-period",
        REQUEST,
        data=form(start="callback", preferred_periods=["mon_morning", "sun_midnight"]),
    ),
    Row(
        "form-callback-period-with-nul",
        REQUEST,
        data=form(start="callback", preferred_periods=["mon_morning\x00"]),
    ),
    Row(
        "form-slot-in-the-past",
        REQUEST,
        data=form(start="2026-11-10T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-within-minimum-notice",
        REQUEST,
        data=form(start="2026-11-16T11:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-outside-hours",
        REQUEST,
        data=form(start="2026-11-17T07:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-off-grid",
        REQUEST,
        data=form(start="2026-11-17T09:17:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-on-a-friday-without-hours",
        REQUEST,
        data=form(start="2026-11-20T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-on-buss-und-bettag",
        REQUEST,
        data=form(start="2026-11-18T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-on-a-closure-day",
        REQUEST,
        data=form(start="2026-11-19T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-year-0001",
        REQUEST,
        data=form(start="0001-01-01T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-year-9999",
        REQUEST,
        data=form(start="9999-12-31T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-slot-beyond-horizon",
        REQUEST,
        data=form(start="2027-06-01T09:00:00+02:00"),
        message=NOT_BOOKABLE,
    ),
    Row("form-slot-malformed", REQUEST, data=form(start="tomorrow morning"), message=NOT_BOOKABLE),
    Row(
        "form-slot-without-offset",
        REQUEST,
        data=form(start="2026-11-17T09:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "form-start-twice",
        REQUEST,
        data=form(start=[TUESDAY_9, "2026-11-17T10:00:00+01:00"]),
        status=400,
        message=NOT_UNDERSTOOD,
    ),
    Row(
        "form-name-twice",
        REQUEST,
        data=form(name=["Amina", "Eve"]),
        status=400,
        message=NOT_UNDERSTOOD,
    ),
    Row("form-honeypot-filled", REQUEST, data=form(website="http://spam.example"), status=400),
    Row(
        "form-missing-csrf-keeps-input",
        REQUEST,
        data=form(name="Behalte Mich"),
        status=200,
        message=RENEWED,
        kept="Behalte Mich",
        csrf=True,
    ),
    Row(
        "form-foreign-csrf-keeps-input",
        REQUEST,
        data=form(name="Behalte Mich", csrf_token="x" * 40),
        status=200,
        message=RENEWED,
        kept="Behalte Mich",
        csrf=True,
    ),
    Row(
        "form-cross-site-origin",
        REQUEST,
        data=form(),
        status=403,
        message=ACCESS_DENIED,
        headers=CROSS_SITE,
    ),
    Row(
        "form-sec-fetch-cross-site",
        REQUEST,
        data=form(),
        status=403,
        message=ACCESS_DENIED,
        headers=FETCH_CROSS_SITE,
    ),
    Row(
        "form-wrong-method-put",
        REQUEST,
        method="PUT",
        data=form(),
        status=405,
        message=NOT_ALLOWED_HERE,
    ),
    Row("form-wrong-method-delete", REQUEST, method="DELETE", status=405, message=NOT_ALLOWED_HERE),
    Row(
        "form-accessibility-overlong",
        REQUEST,
        data=form(accessibility_needs="a" * 501),
        message=TOO_LONG,
    ),
    Row(
        "form-html-injection-stored-as-text",
        REQUEST,
        data=form(name='"><svg onload=alert(1)>'),
        status=303,
        stores="Case",
    ),
    Row(
        "form-template-injection-stays-as-typed",
        REQUEST,
        data=form(name="{{7*7}}"),
        status=303,
        stores="Case",
    ),
    Row(
        "form-extra-fields-ignored",
        REQUEST,
        data=form(status="closed", counsellor_id="1", id="5"),
        status=303,
        stores="Case",
    ),
]


def body(**changes) -> dict:
    return request_body(**changes)


API_ROWS = [
    Row("api-not-json-content-type", API, data={"name": "Amina"}, status=400, message=SEND_JSON),
    Row("api-malformed-json", API, json="{", status=400, message=SEND_JSON),
    Row("api-json-array", API, json=[], status=400, message=SEND_JSON),
    Row("api-json-string", API, json='"hello"', status=400, message=SEND_JSON),
    Row("api-json-null", API, json="null", status=400, message=SEND_JSON),
    Row(
        "api-json-nested-50000-deep",
        API,
        json="[" * 50_000 + "]" * 50_000,
        status=400,
        message=SEND_JSON,
    ),
    Row(
        "api-json-object-nested-deep",
        API,
        json='{"a":' * 20_000 + "1" + "}" * 20_000,
        status=400,
        message=SEND_JSON,
    ),
    Row("api-duplicate-key", API, json=json.dumps(body())[:-1] + ', "name": "Eve"}', status=400),
    Row("api-name-object", API, json=body(name={"first": "Amina"}), message=TEXT_HERE),
    Row("api-name-number", API, json=body(name=42), message=TEXT_HERE),
    Row("api-name-true", API, json=body(name=True), message=TEXT_HERE),
    Row("api-name-list-of-two", API, json=body(name=["Amina", "Eve"]), message=SENT_TWICE),
    Row("api-language-list", API, json=body(language=["de", "ar"]), message=SENT_TWICE),
    Row("api-start-list", API, json=body(start=[TUESDAY_9, TUESDAY_9]), message=SENT_TWICE),
    Row("api-topics-string", API, json=body(topics="work"), message=LIST_OF_TEXTS),
    Row(
        "api-topics-with-object", API, json=body(topics=[{"topic": "work"}]), message=LIST_OF_TEXTS
    ),
    Row("api-topics-empty", API, json=body(topics=[]), message=REQUIRED_TOPIC),
    Row(
        "api-periods-string",
        API,
        json=body(start=None, preferred_periods="mon_morning"),
        message=LIST_OF_TEXTS,
    ),
    Row(
        "api-periods-unknown",
        API,
        json=body(start=None, preferred_periods=["mon_morning", "sat_morning"]),
        message=NOT_ALLOWED_VALUE,
    ),
    Row(
        "api-periods-empty-without-times",
        API,
        json=body(start=None, preferred_periods=[]),
        message=CALL_WHEN,
    ),
    Row("api-consent-string", API, json=body(consent="yes"), message=TRUE_FALSE),
    Row("api-consent-false", API, json=body(consent=False), message=CONSENT),
    Row("api-unknown-language", API, json=body(language="xx"), message=FIX_FIELDS),
    Row("api-unknown-mode", API, json=body(mode="telepathy"), message=FIX_FIELDS),
    Row(
        "api-start-in-the-past",
        API,
        json=body(start="2026-11-10T09:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "api-start-off-grid",
        API,
        json=body(start="2026-11-17T09:30:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "api-start-year-9999",
        API,
        json=body(start="9999-12-31T23:59:59+00:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "api-start-year-0001",
        API,
        json=body(start="0001-01-01T00:00:00+00:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "api-start-on-holiday",
        API,
        json=body(start="2026-11-18T10:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row(
        "api-start-on-closure",
        API,
        json=body(start="2026-11-19T10:00:00+01:00"),
        message=NOT_BOOKABLE,
    ),
    Row("api-start-malformed", API, json=body(start="17.11.2026 09:00"), message=NOT_BOOKABLE),
    Row(
        "api-description-nul-escaped",
        API,
        json=body(description="a\u0000b"),
        status=400,
        message=NUL_REFUSED,
    ),
    Row("api-name-overlong", API, json=body(name=LONG_NAME), message=TOO_LONG),
    Row("api-description-overlong", API, json=body(description="d" * 1001), message=TOO_LONG),
    Row("api-body-oversized", API, json=body(description="d" * 300_000), status=413),
    Row("api-email-invalid", API, json=body(email="@@"), message=BAD_EMAIL),
    Row("api-email-fullwidth", API, json=body(email="ａmina@example.org"), message=BAD_EMAIL),
    Row(
        "api-email-crlf",
        API,
        json=body(email="a@example.org\r\nBcc: b@evil.example"),
        message=NOT_ALLOWED,
    ),
    Row(
        "api-phone-letters", API, json=body(email=None, phone="0351-CALL-ME"), message=PHONE_DIGITS
    ),
    Row("api-no-contact", API, json=body(email=None), message=NO_CONTACT),
    Row("api-name-zero-width", API, json=body(name="\u200b"), message=ADDRESS_US),
    Row("api-name-whitespace", API, json=body(name="\t "), message=FIX_FIELDS),
    Row("api-name-bidi-only", API, json=body(name="\u202e\u202d"), message=ADDRESS_US),
    Row("api-wrong-method-get", API, method="GET", status=405),
    Row("api-wrong-method-delete", API, method="DELETE", status=405),
    Row("api-cross-site-origin", API, json=body(), status=403, headers=CROSS_SITE),
    Row(
        "api-sql-injection-stored-as-text",
        API,
        json=body(name='\'; DROP TABLE "case"; --'),
        status=201,
        stores="Case",
    ),
    Row(
        "api-extra-fields-ignored",
        API,
        json=body(status="confirmed", counsellor_id=1, id=7, created_at="2000-01-01"),
        status=201,
        stores="Case",
    ),
]

SLOTS = "/api/v1/slots"
SLOT_ROWS = [
    Row(
        "slots-missing-start",
        SLOTS + "?end=2026-11-20",
        method="GET",
        status=400,
        message=PARAM_REQUIRED,
    ),
    Row(
        "slots-invalid-date",
        SLOTS + "?start=2026-13-01&end=2026-11-20",
        method="GET",
        status=400,
        message=PARAM_DATE,
    ),
    Row(
        "slots-start-twice",
        SLOTS + "?start=2026-11-17&start=2026-11-18&end=2026-11-20",
        method="GET",
        status=400,
        message=PARAM_TWICE,
    ),
    Row(
        "slots-end-before-start",
        SLOTS + "?start=2026-11-20&end=2026-11-17",
        method="GET",
        status=400,
        message=END_BEFORE_START,
    ),
    Row(
        "slots-range-too-wide",
        SLOTS + "?start=2026-11-17&end=2027-03-01",
        method="GET",
        status=400,
        message=AT_MOST_DAYS,
    ),
    Row(
        "slots-year-0001",
        SLOTS + "?start=0001-01-01&end=0001-01-02",
        method="GET",
        status=400,
        message=DAYS_BETWEEN,
    ),
    Row(
        "slots-year-9999",
        SLOTS + "?start=9999-12-30&end=9999-12-31",
        method="GET",
        status=400,
        message=DAYS_BETWEEN,
    ),
    Row(
        "slots-unknown-language",
        SLOTS + "?start=2026-11-17&end=2026-11-18&language=xx",
        method="GET",
        status=400,
        message=LANGUAGE_NOT_OFFERED,
    ),
    Row(
        "slots-unknown-mode",
        SLOTS + "?start=2026-11-17&end=2026-11-18&mode=fax",
        method="GET",
        status=400,
        message=UNKNOWN_MODE,
    ),
    Row(
        "slots-language-twice",
        SLOTS + "?start=2026-11-17&end=2026-11-18&language=de&language=ar",
        method="GET",
        status=400,
        message=PARAM_TWICE,
    ),
    Row(
        "slots-nul-in-query",
        SLOTS + "?start=2026-11-17%00&end=2026-11-18",
        method="GET",
        status=400,
        message=NUL_REFUSED,
    ),
    Row("slots-wrong-method-post", SLOTS, json={}, status=405),
]

MANAGE = "/de/r/{token}"
NEXT_THURSDAY_10 = "2026-11-26T10:00:00+01:00"
MANAGE_ROWS = [
    Row("manage-tampered-token", "/de/r/{tampered}", method="GET", status=404, message=NOT_FOUND),
    Row("manage-unknown-token", "/de/r/" + "A" * 43, method="GET", status=404, message=NOT_FOUND),
    Row("manage-overlong-token", "/de/r/" + "A" * 500, method="GET", status=404, message=NOT_FOUND),
    Row("manage-token-with-nul", "/de/r/abc%00def", method="GET", status=400, message=NUL_REFUSED),
    Row("manage-cancel-get-only-asks", MANAGE + "/cancel", method="GET", status=200),
    Row("manage-erase-get-only-asks", MANAGE + "/erase", method="GET", status=200),
    Row("manage-cancel-cross-site", MANAGE + "/cancel", status=403, headers=CROSS_SITE),
    Row("manage-erase-cross-site", MANAGE + "/erase", status=403, headers=FETCH_CROSS_SITE),
    Row("manage-cancel-missing-csrf", MANAGE + "/cancel", status=400, csrf=True),
    Row("manage-erase-missing-csrf", MANAGE + "/erase", status=400, csrf=True),
    Row("manage-cancel-tampered-token", "/de/r/{tampered}/cancel", status=404),
    Row("manage-erase-tampered-token", "/de/r/{tampered}/erase", status=404),
    Row(
        "manage-move-in-the-past",
        MANAGE + "/move",
        data={"start": "2026-11-10T09:00:00+01:00"},
        message=NOT_BOOKABLE,
    ),
    Row(
        "manage-move-off-grid",
        MANAGE + "/move",
        data={"start": "2026-11-24T09:10:00+01:00"},
        message=NOT_BOOKABLE,
    ),
    Row(
        "manage-move-year-9999",
        MANAGE + "/move",
        data={"start": "9999-12-31T09:00:00+01:00"},
        message=NOT_BOOKABLE,
    ),
    Row("manage-move-malformed", MANAGE + "/move", data={"start": "soon"}, message=NOT_BOOKABLE),
    Row("manage-move-empty", MANAGE + "/move", data={"start": ""}, message=CHOOSE_SHOWN),
    Row("manage-move-callback", MANAGE + "/move", data={"start": "callback"}, message=CHOOSE_SHOWN),
    Row(
        "manage-move-holiday",
        MANAGE + "/move",
        data={"start": "2026-11-18T09:00:00+01:00"},
        message=NOT_BOOKABLE,
    ),
    Row(
        "manage-move-closure",
        MANAGE + "/move",
        data={"start": "2026-11-19T09:00:00+01:00"},
        message=NOT_BOOKABLE,
    ),
    Row(
        "manage-move-same-slot",
        MANAGE + "/move",
        data={"start": TUESDAY_9},
        status=409,
        message=NOT_CHANGEABLE,
    ),
    Row(
        "manage-move-start-twice",
        MANAGE + "/move",
        data={"start": [NEXT_THURSDAY_10, TUESDAY_9]},
        status=400,
        message=NOT_UNDERSTOOD,
    ),
    Row(
        "manage-move-nul", MANAGE + "/move", data={"start": "\x00"}, status=400, message=NUL_REFUSED
    ),
    Row("manage-move-wrong-method", MANAGE + "/move", method="PUT", status=405),
    Row("manage-page-wrong-method", MANAGE, method="DELETE", status=405),
    Row("manage-ics-tampered-token", "/de/r/{tampered}/appointment.ics", method="GET", status=404),
]

STAFF_ROWS = [
    Row("login-empty", "/staff/login", data={}, status=200),
    Row(
        "login-email-twice",
        "/staff/login",
        data={"email": ["a@example.org", "b@example.org"], "password": "x"},
        status=200,
        message=SENT_TWICE,
    ),
    Row(
        "login-password-nul",
        "/staff/login",
        data={"email": "a@example.org", "password": "\x00"},
        status=400,
        message=NUL_REFUSED,
    ),
    Row(
        "login-email-overlong",
        "/staff/login",
        data={"email": "a" * 300, "password": "x"},
        status=200,
    ),
    Row(
        "login-cross-site",
        "/staff/login",
        data={"email": "a@example.org", "password": "x"},
        status=403,
        headers=CROSS_SITE,
    ),
    Row(
        "login-missing-csrf",
        "/staff/login",
        data={"email": "a@example.org", "password": "x"},
        status=400,
        csrf=True,
    ),
    Row("login-wrong-method", "/staff/login", method="PUT", status=405),
    Row(
        "login-code-without-password-step", "/staff/login/code", data={"code": "123456"}, status=302
    ),
    Row("login-unlock-tampered-link", "/staff/login/unlock/not-a-token", method="GET", status=302),
    Row(
        "hours-time-not-a-time",
        "/staff/availability/hours",
        data=hours(**{"hours-start_time": "nine"}),
        message=NOT_A_TIME,
        role="counsellor",
    ),
    Row(
        "hours-time-25-00",
        "/staff/availability/hours",
        data=hours(**{"hours-end_time": "25:00"}),
        message=NOT_A_TIME,
        role="counsellor",
    ),
    Row(
        "hours-end-before-start",
        "/staff/availability/hours",
        data=hours(**{"hours-end_time": "12:00"}),
        message=END_AFTER_START,
        role="counsellor",
    ),
    Row(
        "hours-weekday-9",
        "/staff/availability/hours",
        data=hours(**{"hours-weekday": "9"}),
        role="counsellor",
    ),
    Row(
        "hours-weekday-text",
        "/staff/availability/hours",
        data=hours(**{"hours-weekday": "x"}),
        role="counsellor",
    ),
    Row(
        "hours-valid-until-9999",
        "/staff/availability/hours",
        data=hours(**{"hours-valid_until": "9999-12-31"}),
        message=DATE_RANGE,
        role="counsellor",
    ),
    Row(
        "hours-valid-from-0001",
        "/staff/availability/hours",
        data=hours(**{"hours-valid_from": "0001-01-01"}),
        message=DATE_RANGE,
        role="counsellor",
    ),
    Row(
        "hours-valid-from-garbage",
        "/staff/availability/hours",
        data=hours(**{"hours-valid_from": "31.12."}),
        message=NOT_A_DATE,
        role="counsellor",
    ),
    Row(
        "hours-start-time-twice",
        "/staff/availability/hours",
        data=hours(**{"hours-start_time": ["13:00", "14:00"]}),
        message=SENT_TWICE,
        role="counsellor",
    ),
    Row(
        "hours-nul",
        "/staff/availability/hours",
        data=hours(**{"hours-start_time": "1\x00"}),
        status=400,
        message=NUL_REFUSED,
        role="counsellor",
    ),
    Row(
        "hours-cross-site",
        "/staff/availability/hours",
        data=hours(),
        status=403,
        headers=CROSS_SITE,
        role="counsellor",
    ),
    Row(
        "hours-missing-csrf",
        "/staff/availability/hours",
        data=hours(),
        status=400,
        csrf=True,
        role="counsellor",
    ),
    Row(
        "hours-delete-by-get",
        "/staff/availability/hours/1/delete",
        method="GET",
        status=405,
        role="counsellor",
    ),
    Row(
        "hours-delete-unknown",
        "/staff/availability/hours/999999/delete",
        status=404,
        role="counsellor",
    ),
    Row(
        "absence-end-before-start",
        "/staff/availability/absences",
        data=absence(**{"absence-end_date": "2026-11-19"}),
        message=END_AFTER_START,
        role="counsellor",
    ),
    Row(
        "absence-year-9999",
        "/staff/availability/absences",
        data=absence(**{"absence-end_date": "9999-12-31"}),
        message=DATE_RANGE,
        role="counsellor",
    ),
    Row(
        "absence-year-0001",
        "/staff/availability/absences",
        data=absence(**{"absence-start_date": "0001-01-01"}),
        message=DATE_RANGE,
        role="counsellor",
    ),
    Row(
        "absence-date-garbage",
        "/staff/availability/absences",
        data=absence(**{"absence-start_date": "morgen"}),
        message=NOT_A_DATE,
        role="counsellor",
    ),
    Row(
        "absence-time-garbage",
        "/staff/availability/absences",
        data=absence(**{"absence-start_time": "9 Uhr"}),
        message=NOT_A_TIME,
        role="counsellor",
    ),
    Row(
        "absence-note-overlong",
        "/staff/availability/absences",
        data=absence(**{"absence-note": "n" * 201}),
        message=None,
        kept="n" * 201,
        role="counsellor",
    ),
    Row(
        "absence-note-nul",
        "/staff/availability/absences",
        data=absence(**{"absence-note": "a\x00"}),
        status=400,
        message=NUL_REFUSED,
        role="counsellor",
    ),
    Row(
        "absence-note-twice",
        "/staff/availability/absences",
        data=absence(**{"absence-note": ["a", "b"]}),
        message=SENT_TWICE,
        role="counsellor",
    ),
    Row(
        "absence-other-persons-page",
        "/staff/availability/absences?user=999999",
        data=absence(),
        status=403,
        role="counsellor",
    ),
    Row(
        "closure-year-9999",
        "/staff/closures",
        data={"day": "9999-12-31"},
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "closure-year-0001",
        "/staff/closures",
        data={"day": "0001-01-01"},
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "closure-unparsable-date",
        "/staff/closures",
        data={"day": "2026-13-45"},
        message=NOT_A_DATE,
        role="lead",
    ),
    Row("closure-empty-date", "/staff/closures", data={"day": ""}, role="lead"),
    Row(
        "closure-past-day",
        "/staff/closures",
        data={"day": "2026-11-01"},
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "closure-only-start-time",
        "/staff/closures",
        data={"day": "2026-12-03", "start_time": "13:00"},
        message=BOTH_TIMES,
        role="lead",
    ),
    Row(
        "closure-end-before-start",
        "/staff/closures",
        data={"day": "2026-12-03", "start_time": "13:00", "end_time": "12:00"},
        message=END_AFTER_START,
        role="lead",
    ),
    Row(
        "closure-note-overlong",
        "/staff/closures",
        data={"day": "2026-12-03", "public_note": "p" * 501},
        kept="p" * 501,
        role="lead",
    ),
    Row(
        "closure-note-nul",
        "/staff/closures",
        data={"day": "2026-12-03", "public_note": "\x00"},
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "closure-day-twice",
        "/staff/closures",
        data={"day": ["2026-12-03", "2026-12-04"]},
        message=SENT_TWICE,
        role="lead",
    ),
    Row(
        "closure-by-counsellor",
        "/staff/closures",
        data={"day": "2026-12-03"},
        status=403,
        message=ACCESS_DENIED,
        role="counsellor",
    ),
    Row("closure-delete-by-get", "/staff/closures/1/delete", method="GET", status=405, role="lead"),
    Row(
        "closure-ical-injection-in-note",
        "/staff/closures",
        data={
            "day": "2026-12-03",
            "public_note": "x\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:evil",
        },
        status=302,
        stores="Closure",
        role="lead",
    ),
    Row("settings-slot-zero", "/staff/settings", data=settings(slot_minutes="0"), role="lead"),
    Row("settings-slot-text", "/staff/settings", data=settings(slot_minutes="abc"), role="lead"),
    Row(
        "settings-horizon-huge",
        "/staff/settings",
        data=settings(horizon_days="100000"),
        role="lead",
    ),
    Row(
        "settings-retention-negative",
        "/staff/settings",
        data=settings(retention_closed_days="-1"),
        role="lead",
    ),
    Row(
        "settings-slot-twice",
        "/staff/settings",
        data=settings(slot_minutes=["45", "60"]),
        message=SENT_TWICE,
        role="lead",
    ),
    Row(
        "settings-nul",
        "/staff/settings",
        data=settings(slot_minutes="6\x000"),
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "settings-by-counsellor", "/staff/settings", data=settings(), status=403, role="counsellor"
    ),
    Row(
        "settings-cross-site",
        "/staff/settings",
        data=settings(),
        status=403,
        headers=FETCH_CROSS_SITE,
        role="lead",
    ),
    Row(
        "password-new-too-short",
        "/staff/account/password",
        data=password(new="short", repeat="short"),
        role="counsellor",
    ),
    Row(
        "password-repeat-differs",
        "/staff/account/password",
        data=password(repeat="something else 123"),
        message=PASSWORDS_DIFFER,
        role="counsellor",
    ),
    Row(
        "password-wrong-current",
        "/staff/account/password",
        data=password(current="guess"),
        message=NOT_CURRENT,
        role="counsellor",
    ),
    Row(
        "password-new-twice",
        "/staff/account/password",
        data=password(new=["a new long password", "another long one"]),
        message=SENT_TWICE,
        role="counsellor",
    ),
    Row(
        "password-common",
        "/staff/account/password",
        data=password(new="123456789012", repeat="123456789012"),
        message=COMMON_PASSWORD,
        role="counsellor",
    ),
    Row(
        "password-own-name",
        "/staff/account/password",
        data=password(new="Test Person 2026", repeat="Test Person 2026"),
        message=PERSONAL_PASSWORD,
        role="counsellor",
    ),
    Row(
        "password-same-as-current",
        "/staff/account/password",
        data=password(new="correct horse battery", repeat="correct horse battery"),
        message=SAME_PASSWORD,
        role="counsellor",
    ),
    Row(
        "enrol-wrong-code",
        "/staff/account/second-factor/{enrol}",
        data={"code": "000000"},
        message=WRONG_CODE,
        role="counsellor",
    ),
    Row(
        "enrol-code-letters",
        "/staff/account/second-factor/{enrol}",
        data={"code": "abcdef"},
        message=WRONG_CODE,
        role="counsellor",
    ),
    Row(
        "reset-factor-by-counsellor",
        "/staff/account/1/reset-second-factor",
        status=403,
        role="counsellor",
    ),
    Row(
        "reset-factor-unknown-user",
        "/staff/account/999999/reset-second-factor",
        status=404,
        role="lead",
    ),
    Row("feed-tampered-token", "/staff/feed/" + "x" * 43 + ".ics", method="GET", status=404),
    Row(
        "audit-garbage-filters",
        "/staff/audit?since=9999-99-99&person=x&reference=%27--",
        method="GET",
        status=400,
        message=NOT_A_DATE,
        role="lead",
    ),
    Row("audit-by-counsellor", "/staff/audit", method="GET", status=403, role="counsellor"),
    Row("export-by-get", "/staff/cases/1/export", method="GET", status=405, role="lead"),
    Row("export-unknown-case", "/staff/cases/999999/export", status=404, role="lead"),
    Row("export-by-counsellor", "/staff/cases/1/export", status=403, role="counsellor"),
    Row(
        "erase-without-confirmation",
        "/staff/cases/{case_id}/erase",
        data={"confirm": ""},
        status=303,
        role="lead",
    ),
    Row(
        "erase-by-counsellor",
        "/staff/cases/{case_id}/erase",
        data={"confirm": "x"},
        status=403,
        role="counsellor",
    ),
]

CASE = "/staff/cases/{case_id}"
WALK_IN = "/staff/requests/new"
STALE = "This case has changed since the page was loaded (by a colleague, or by a form sent twice). Nothing was changed; please check its current state below."  # noqa: E501
WRITE_NOTE = "Please write the note."


def walk_in(**changes) -> dict:
    return form(**{"channel": "phone", **changes})


WORKSPACE_ROWS = [
    Row("walk-in-empty", WALK_IN, data={}, message=REQUIRED_TOPIC, role="counsellor"),
    Row(
        "walk-in-name-nul",
        WALK_IN,
        data=walk_in(name="A\x00"),
        status=400,
        message=NUL_REFUSED,
        role="counsellor",
    ),
    Row(
        "walk-in-name-overlong",
        WALK_IN,
        data=walk_in(name=LONG_NAME),
        message=TOO_LONG,
        kept=LONG_NAME,
        role="counsellor",
    ),
    Row(
        "walk-in-name-zero-width",
        WALK_IN,
        data=walk_in(name="\u200b"),
        message=ADDRESS_US,
        role="counsellor",
    ),
    Row(
        "walk-in-start-twice",
        WALK_IN,
        data=walk_in(start=[TUESDAY_9, TUESDAY_9]),
        status=400,
        role="counsellor",
    ),
    Row("walk-in-channel-web", WALK_IN, data=walk_in(channel="web"), role="counsellor"),
    Row(
        "walk-in-start-year-9999",
        WALK_IN,
        data=walk_in(start="9999-12-31T09:00:00+01:00"),
        message=NOT_BOOKABLE,
        role="counsellor",
    ),
    Row(
        "walk-in-phone-letters",
        WALK_IN,
        data=walk_in(email="", phone="0351-CALL-ME", contact_channel="phone"),
        message=PHONE_DIGITS,
        role="counsellor",
    ),
    Row(
        "walk-in-email-fullwidth",
        WALK_IN,
        data=walk_in(email="amina@ｅxample.org"),
        message=BAD_EMAIL,
        role="counsellor",
    ),
    Row(
        "walk-in-cross-site",
        WALK_IN,
        data=walk_in(),
        status=403,
        headers=CROSS_SITE,
        role="counsellor",
    ),
    Row("walk-in-missing-csrf", WALK_IN, data=walk_in(), status=400, csrf=True, role="counsellor"),
    Row("case-unknown-id", "/staff/cases/999999", method="GET", status=404, role="lead"),
    Row(
        "case-search-nul",
        "/staff/cases?q=%00",
        method="GET",
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "case-search-sql",
        "/staff/cases?q=%27%20OR%201%3D1%20--",
        method="GET",
        status=200,
        role="lead",
    ),
    Row("case-note-empty", CASE + "/notes", data={"body": "  "}, message=WRITE_NOTE, role="lead"),
    Row(
        "case-note-nul",
        CASE + "/notes",
        data={"body": "a\x00b"},
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "case-note-overlong",
        CASE + "/notes",
        data={"body": "n" * 5001},
        message=TOO_LONG,
        role="lead",
    ),
    Row("case-note-twice", CASE + "/notes", data={"body": ["a", "b"]}, status=400, role="lead"),
    Row(
        "case-note-control-character",
        CASE + "/notes",
        data={"body": "a\x1bb"},
        message=NOT_ALLOWED,
        role="lead",
    ),
    Row(
        "case-confirm-stale-version",
        CASE + "/confirm",
        data={"version": "0"},
        status=409,
        message=STALE,
        role="lead",
    ),
    Row("case-confirm-version-text", CASE + "/confirm", data={"version": "abc"}, role="lead"),
    Row(
        "case-confirm-version-twice",
        CASE + "/confirm",
        data={"version": ["1", "2"]},
        status=400,
        role="lead",
    ),
    Row("case-confirm-by-get", CASE + "/confirm", method="GET", status=405, role="lead"),
    Row(
        "case-confirm-cross-site",
        CASE + "/confirm",
        data={"version": "1"},
        status=403,
        headers=CROSS_SITE,
        role="lead",
    ),
    Row(
        "case-propose-year-9999",
        CASE + "/propose",
        data={"version": "{version}", "start": "9999-12-31T09:00:00+01:00"},
        message=NOT_BOOKABLE,
        role="lead",
    ),
    Row(
        "case-propose-malformed",
        CASE + "/propose",
        data={"version": "{version}", "start": "x"},
        message=NOT_BOOKABLE,
        role="lead",
    ),
    Row(
        "case-decline-unknown-reason",
        CASE + "/decline",
        data={"version": "{version}", "reason": "because"},
        role="lead",
    ),
    Row(
        "case-assign-unknown-colleague",
        CASE + "/assign",
        data={"version": "{version}", "to": "999999"},
        role="lead",
    ),
    Row(
        "case-refer-unknown-service",
        CASE + "/refer",
        data={"version": "{version}", "service": "999999"},
        role="lead",
    ),
    Row(
        "case-message-nul",
        CASE + "/close",
        data={"version": "{version}", "message": "\x00"},
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
]

ROWS = INTAKE_FORM + API_ROWS + SLOT_ROWS + MANAGE_ROWS + STAFF_ROWS + WORKSPACE_ROWS


def test_the_catalogue_has_at_least_120_distinct_rows():
    assert len(ROWS) >= 120
    assert len({row.id for row in ROWS}) == len(ROWS)


def counts() -> dict[str, int]:
    _db.session.expire_all()
    return {
        model.__name__: _db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def localized(message: str | tuple, lang: str) -> str:
    """The text a page in `lang` shows for `message` (placeholders cut off)."""
    with force_locale(lang):
        if isinstance(message, tuple):
            text = get_translations().ungettext(*message)
        else:
            text = gettext(message)
    return text.split("%(")[0].strip()


@pytest.fixture
def catalogue_app(make_app, db, office):
    return make_app


def login(client, make_user, role: str) -> User:
    user = make_user(role=Role.LEAD if role == "lead" else Role.COUNSELLOR)
    data = {"email": user.email, "password": "correct horse battery"}
    page = client.get("/staff/login").get_data(as_text=True)
    if token := re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page):
        data["csrf_token"] = token.group(1)
    response = client.post("/staff/login", data=data)
    assert response.status_code == 302
    return user


def open_enrolment_link(db, user: User) -> str:
    """A valid second-factor enrolment link for `user`, as if mailed; returns its token."""
    token = secrets.token_urlsafe(32)
    user.enrolment_token_hash = hash_token(token)
    user.enrolment_expires_at = NOW + timedelta(days=1)
    db.session.commit()
    return token


def prepare(row: Row, app, client, db, make_user) -> dict:
    """A closure on Thursday, a booked request for manage rows, a login for staff rows."""
    db.session.add(Closure(day=CLOSED_THURSDAY, public_note="Teamtag"))
    db.session.commit()
    values = {}
    if any(name in row.path for name in ("{token}", "{tampered}", "{case_id}", "_id}")):
        answer = book_by_api(app.test_client())
        token = manage_path(answer).rsplit("/", 1)[1]
        case = db.session.scalar(select(Case))
        values = {
            "token": token,
            "tampered": token[:-1] + ("A" if token[-1] != "A" else "B"),
            "case_id": case.id,
            "version": case.version,
            "appointment_id": case.appointments[0].id,
        }
        values |= staff_objects(row, db, case)
    if row.role:
        user = login(client, make_user, row.role)
        if "{enrol}" in row.path:
            values["enrol"] = open_enrolment_link(db, user)
    return values


def staff_objects(row: Row, db, case: Case) -> dict:
    """A note on the case, a colleague and a referral service, for rows whose path names one."""
    values = {"user_id": db.session.scalar(select(User.id).order_by(User.id))}
    if "{note_id}" in row.path:
        note = CaseNote(case_id=case.id, body="Erstgespräch vereinbart", created_at=NOW)
        db.session.add(note)
        db.session.commit()
        values["note_id"] = note.id
    if "{service_id}" in row.path:
        service = ReferralService(name="Jugendmigrationsdienst", address="Musterstraße 1")
        db.session.add(service)
        db.session.commit()
        values["service_id"] = service.id
    return values


def send(row: Row, client, values: dict):
    path = row.path.format(**values)
    headers = {"Accept-Language": row.lang, **row.headers}
    kwargs = {"method": row.method, "headers": headers}
    if row.raw is not None:
        kwargs |= {"data": row.raw, "content_type": "application/x-www-form-urlencoded"}
    elif row.json is not None:
        raw = row.json if isinstance(row.json, str) else json.dumps(row.json)
        kwargs |= {"data": raw, "content_type": "application/json"}
    elif row.data is not None:
        kwargs["data"] = {
            name: str(values["version"]) if value == "{version}" else value
            for name, value in row.data.items()
        }
        if row.multipart:
            kwargs["content_type"] = "multipart/form-data"
    return client.open(path, **kwargs)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_bad_input(row, make_app, db, office, make_user, frozen_now, monkeypatch):
    check_row(row, make_app, db, make_user)


def check_row(row: Row, make_app, db, make_user) -> None:
    """Send the row's input; check its status, message, typed text kept and rows unchanged."""
    app = make_app(WTF_CSRF_ENABLED=row.csrf)
    client = app.test_client()
    with app.app_context():
        values = prepare(row, app, client, db, make_user)
        before = counts()
        response = send(row, client, values)
        page = response.get_data(as_text=True)
        if response.is_json:
            page = json.dumps(response.json, ensure_ascii=False)
        assert response.status_code == row.status, (response.status_code, errors_in(page))
        assert "Traceback" not in page
        assert 'File "' not in page
        if row.message:
            text = localized(row.message, row.lang)
            assert text in page or str(escape(text)) in page, text
        if row.kept:
            assert row.kept in page
        after = counts()
        if row.stores:
            before[row.stores] += 1
            # A stored request books its slot and queues its e-mails; nothing else changes.
            changed = [k for k in after if after[k] != before[k]]
            stored = [k for k in changed if k not in ("OutboxMessage", "Appointment")]
            assert stored == [], (before, after)
            check_literal(row, app, db)
        else:
            assert after == before


def check_literal(row: Row, app, db) -> None:
    """Accepted rows: the text is kept exactly as typed and reaches no other structure."""
    if row.stores == "Case":
        case = db.session.scalars(select(Case).order_by(Case.id.desc())).first()
        typed = row.data["name"] if row.data else row.json["name"]
        assert case.name == typed
        assert case.status == "new"
        appointment = case.appointments[0] if case.appointments else None
        assert appointment is None or appointment.status == "requested"
    if row.stores == "Closure":
        ics = app.test_client().get("/closures.ics").get_data(as_text=True)
        lines = ics.splitlines()
        assert lines.count("BEGIN:VEVENT") == 2, "one event per closure, nothing injected"
        assert "SUMMARY:evil" not in lines


def errors_in(page: str) -> list[str]:
    """The visible errors of a page, for a readable failure."""
    return re.findall(r'class="(?:error|flash[^"]*)"[^>]*>(.*?)</p>', page, re.S)[:5] or [
        page[:300]
    ]
