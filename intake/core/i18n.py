"""Languages: which ones the office offers, how a request picks one, and how each is written."""

from datetime import UTC, date, datetime, time, timedelta
from functools import cache

from babel import Locale, dates, negotiate_locale
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import format_timedelta, get_locale
from markupsafe import Markup

from config import BASE_DIR
from intake.core import vocabulary
from intake.core.clock import office_tz
from intake.core.collation import sort_key
from intake.extensions import babel


def offered_languages() -> list[str]:
    return _split(current_app.config["LANGUAGES"])


def staff_languages() -> list[str]:
    return _split(current_app.config["STAFF_LANGUAGES"])


def _split(codes: str) -> list[str]:
    return [code.strip() for code in codes.split(",") if code.strip()]


def negotiate(available: list[str]) -> str:
    """Best offered language for the browser's Accept-Language, honouring q-values and
    falling back from a region tag to its language (de-AT -> de), as Babel does."""
    preferred = [value.replace("_", "-") for value, _quality in request.accept_languages]
    default = current_app.config["DEFAULT_LANGUAGE"]
    chosen = negotiate_locale(preferred, available, sep="-")
    return chosen or (default if default in available else available[0])


def select_locale() -> str:
    """The URL's language prefix wins; staff pages and stray URLs fall back to the browser's.
    Outside a request (commands, mail jobs) the office's default language applies."""
    if not has_request_context():
        return current_app.config["DEFAULT_LANGUAGE"]
    if lang := g.get("lang"):
        return lang
    first_segment = request.path.strip("/").split("/", 1)[0]
    if first_segment in offered_languages():
        return first_segment
    if request.path.startswith("/staff"):
        return negotiate(staff_languages())
    return negotiate(offered_languages())


# An office in Germany writes English dates the British way: "16 December 2026, 09:00".
DISPLAY_LOCALES = {"en": "en_GB"}
# Persian and Pashto are written with Persian digits, in dates too (Babel's patterns give Latin).
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
NATIVE_DIGITS = {"fa": PERSIAN_DIGITS, "ps": PERSIAN_DIGITS}
# Many Afghans read the menu looking for Dari, which is the same written language.
NATIVE_NAMES = {"fa": "فارسی / دری"}


@cache
def native_name(code: str) -> str:
    """A language in its own words, capitalised as in a menu: "Українська", "Français"."""
    if code in NATIVE_NAMES:
        return NATIVE_NAMES[code]
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def menu_languages(reader: str) -> list[str]:
    """The language menu in the reader's alphabetical order of the names it shows."""
    return _menu_order(reader, tuple(offered_languages()))


@cache
def _menu_order(reader: str, codes: tuple[str, ...]) -> list[str]:
    key = sort_key(reader)
    return sorted(codes, key=lambda code: key(native_name(code)))


@cache
def direction(code: str) -> str:
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def language_switch_url(code: str) -> str:
    """The current public page in another language, or that language's start page."""
    if request.blueprint == "public" and request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **{**(request.view_args or {}), "lang": code})
    return url_for("public.landing", lang=code)


def _language() -> str:
    locale = get_locale()
    return str(locale) if locale else current_app.config["DEFAULT_LANGUAGE"]


def display_locale() -> Locale:
    """The locale whose date and time formats a page uses (en → en_GB)."""
    return _parsed_locale(DISPLAY_LOCALES.get(code := _language(), code))


@cache
def _parsed_locale(identifier: str) -> Locale:
    return Locale.parse(identifier)


def _native_digits(text: str) -> str:
    table = NATIVE_DIGITS.get(_language())
    return text.translate(table) if table else text


def _office_time(value, rebase: bool):
    if isinstance(value, datetime) and rebase:
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(office_tz())
    return value


def format_date(value: date, format: str = "medium", rebase: bool = True) -> str:  # noqa: A002
    """The `dateformat` filter: office time, display locale, native digits."""
    locale = display_locale()
    return _native_digits(dates.format_date(_office_time(value, rebase), format, locale=locale))


def format_time(value: time | datetime, format: str = "medium", rebase: bool = True) -> str:  # noqa: A002
    """The `timeformat` filter: office time, display locale, native digits."""
    locale = display_locale()
    return _native_digits(dates.format_time(_office_time(value, rebase), format, locale=locale))


def format_datetime(value: datetime, format: str = "medium", rebase: bool = True) -> str:  # noqa: A002
    """The `datetimeformat` filter: office time, display locale, native digits."""
    locale = display_locale()
    return _native_digits(dates.format_datetime(_office_time(value, rebase), format, locale=locale))


def format_when(moment: datetime) -> str:
    """An appointment as people say it: "Montag, 30. November 2026 um 10:00", in office time."""
    locale = display_locale()
    local = moment.astimezone(office_tz())
    pattern = dates.get_datetime_format("long", locale=locale)
    day = dates.format_date(local, "full", locale=locale)
    clock_time = dates.format_time(local, "short", locale=locale)
    return _native_digits(pattern.replace("'", "").replace("{1}", day).replace("{0}", clock_time))


class TranslatedVocabulary:
    """The vocabulary as templates see it: each label table resolved once per language (a
    lazy label costs a catalogue lookup at every use, and a list page shows hundreds)."""

    def __init__(self, language: str):
        self._language = language

    def __getattr__(self, name: str):
        value = getattr(vocabulary, name)
        return _labels(self._language, name) if isinstance(value, dict) else value


@cache
def _labels(language: str, name: str) -> dict:
    """Called while `language` is the active one (it is the cache key)."""
    return {code: str(label) for code, label in getattr(vocabulary, name).items()}


def ltr(text: str) -> Markup:
    """Latin text inside a right-to-left page (phone numbers, examples): isolated, unbroken."""
    return Markup('<bdi dir="ltr" class="nowrap">%s</bdi>') % text


def official(text: str) -> Markup:
    """An official German name inside another language: screen readers switch voice."""
    return Markup('<span lang="de">%s</span>') % text


def phone_link(number: str | None = None) -> Markup:
    number = number or current_app.config["OFFICE_PHONE"]
    return Markup('<a href="tel:%s" dir="ltr" class="nowrap">%s</a>') % (
        number.replace("-", "").replace(" ", ""),
        number,
    )


def sms_link(number: str) -> Markup:
    return Markup('<a href="sms:%s" dir="ltr" class="nowrap">%s</a>') % (
        number.replace("-", "").replace(" ", ""),
        number,
    )


def relay_link() -> Markup:
    """The national relay service for deaf people, by its German name."""
    return Markup('<a href="%s" lang="de" hreflang="de" rel="noopener">%s</a>') % (
        current_app.config["RELAY_SERVICE_URL"],
        current_app.config["RELAY_SERVICE_NAME"],
    )


def email_link(address: str | None = None) -> Markup:
    address = address or current_app.config["OFFICE_EMAIL"]
    # <wbr> after "@" and dots lets a long address break at 320 px instead of scrolling.
    shown = Markup("").join(
        Markup("%s<wbr>") % part if part in ("@", ".") else part for part in _split_address(address)
    )
    return Markup('<a href="mailto:%s" dir="ltr" class="address">%s</a>') % (address, shown)


def _split_address(address: str) -> list[str]:
    parts, current = [], ""
    for char in address:
        if char in "@.":
            parts += [current, char]
            current = ""
        else:
            current += char
    return [*parts, current]


def days_in_words(days: int) -> str:
    """An exact number of days in the current language ("183 Tage", "30 يومًا"), from Babel's
    plural rules; never rounded up or down to months, since the privacy notice promises it."""
    return format_timedelta(timedelta(days=days), granularity="day", threshold=days + 1)


def office_zone_name() -> str:
    """The office's time zone as people in the current language call it ("Central European
    Time", "Mitteleuropäische Zeit"), from the TIMEZONE setting, summer and winter alike."""
    return dates.get_timezone_name(office_tz(), "long", zone_variant="generic", locale=get_locale())


# French sets a non-breaking space before ":" (and "?", "!", ";"); a colon a template
# writes after a label must follow the same rule as the catalogue's.
COLON = {"fr": "\u00a0:"}


def colon() -> str:
    return COLON.get(current_language(), ":")


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LANGUAGE"])


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(BASE_DIR / "translations"))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_filter(format_when, "when")
    app.add_template_filter(format_date, "dateformat")
    app.add_template_filter(format_time, "timeformat")
    app.add_template_filter(format_datetime, "datetimeformat")
    app.add_template_filter(days_in_words, "days")
    app.add_template_global(office_zone_name)  # a global, so imported macros see it too
    # Globals too, so that imported macros (which get no context) see them.
    app.add_template_global(official)
    app.add_template_global(direction, "direction_of")
    app.add_template_global(native_name)

    @app.context_processor
    def language_context() -> dict:
        lang = current_language()
        return {
            "lang": lang,
            "text_direction": direction(lang),
            "native_name": native_name,
            "direction_of": direction,
            "offered_languages": offered_languages(),
            "menu_languages": menu_languages(lang),
            "language_switch_url": language_switch_url,
            "choices": TranslatedVocabulary(lang),
            "ltr": ltr,
            "official": official,
            "phone_link": phone_link,
            "email_link": email_link,
            "sms_link": sms_link,
            "relay_link": relay_link,
            "colon": colon,
        }
