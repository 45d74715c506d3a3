"""The public blueprint: every page under a language prefix such as /ar/."""

from flask import Blueprint, abort, g

from intake.core.i18n import offered_languages

bp = Blueprint("public", __name__, url_prefix="/<lang>")


@bp.url_value_preprocessor
def pull_language(_endpoint: str | None, values: dict | None) -> None:
    g.lang = (values or {}).pop("lang", None)
    if g.lang not in offered_languages():
        g.lang = None
        abort(404)


@bp.url_defaults
def add_language(endpoint: str, values: dict) -> None:
    if "lang" not in values and g.get("lang"):
        values["lang"] = g.lang
