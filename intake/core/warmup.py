"""Work every server process would otherwise repeat at its first requests: compiling the
templates and reading the translation catalogues. gunicorn does it once in the master before
it forks the workers (`when_ready` in gunicorn.conf.py), so that a worker that replaces
another (every GUNICORN_MAX_REQUESTS) serves at full speed from its first request. Nothing
here opens a database or Redis connection: the forked workers must not share one."""

from flask import Flask
from flask_babel import force_locale, get_translations

from intake.core.i18n import offered_languages, staff_languages


def warm_up(app: Flask) -> int:
    """Compile every template and load every catalogue; returns how many templates."""
    with app.test_request_context("/"):
        templates = app.jinja_env.list_templates(extensions=("html", "txt", "ics", "svg"))
        for name in templates:
            app.jinja_env.get_template(name)
        for language in dict.fromkeys([*offered_languages(), *staff_languages()]):
            with force_locale(language):
                get_translations()
    return len(templates)
