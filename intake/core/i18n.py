"""Languages: which ones the office offers, how a request picks one, and how each is written."""

from datetime import datetime
from functools import cache

from babel import Locale, dates, negotiate_locale
from flask import Flask, current_app, g, has_request_context, request, url_for
from flask_babel import get_locale

from config import BASE_DIR
from intake.core import vocabulary
from intake.core.clock import office_tz
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


@cache
def native_name(code: str) -> str:
    """A language in its own words, capitalised as in a menu: "Українська", "Français"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@cache
def direction(code: str) -> str:
    return "rtl" if Locale.parse(code).character_order == "right-to-left" else "ltr"


def language_switch_url(code: str) -> str:
    """The current public page in another language, or that language's start page."""
    if request.blueprint == "public" and request.endpoint and request.method == "GET":
        return url_for(request.endpoint, **{**(request.view_args or {}), "lang": code})
    return url_for("public.landing", lang=code)


def format_when(moment: datetime) -> str:
    """An appointment as people say it: "Montag, 30. November 2026 um 10:00", in office time."""
    locale = get_locale()
    local = moment.astimezone(office_tz())
    pattern = dates.get_datetime_format("long", locale=locale)
    day = dates.format_date(local, "full", locale=locale)
    clock_time = dates.format_time(local, "short", locale=locale)
    return pattern.replace("'", "").replace("{1}", day).replace("{0}", clock_time)


def current_language() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LANGUAGE"])


def init_app(app: Flask) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(BASE_DIR / "translations"))
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", app.config["TIMEZONE"])
    babel.init_app(app, locale_selector=select_locale)
    app.add_template_filter(format_when, "when")

    @app.context_processor
    def language_context() -> dict:
        lang = current_language()
        return {
            "lang": lang,
            "text_direction": direction(lang),
            "native_name": native_name,
            "direction_of": direction,
            "offered_languages": offered_languages(),
            "language_switch_url": language_switch_url,
            "choices": vocabulary,
        }
