"""The intake application: appointment requests and case work for a counselling office."""

import os

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, load_config
from intake.core.routing import DatabaseId


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the application; `overrides` win over configuration and environment."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.url_map.converters["int"] = DatabaseId
    # Without INTAKE_ENV the app is production, which refuses to start unconfigured.
    app.config.from_mapping(load_config(config_name or os.environ.get("INTAKE_ENV", "production")))
    app.config.from_mapping(overrides)
    if "DATABASE_URL" in overrides:
        app.config["SQLALCHEMY_DATABASE_URI"] = overrides["DATABASE_URL"]
    if app.config["PROXY_COUNT"]:
        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    import intake.models  # noqa: F401  (registers every table with the metadata)
    from intake.availability import cache as availability_cache
    from intake.core import database, i18n, logs, preferred_periods, ratelimits, security, static
    from intake.extensions import csrf, db, limiter, login_manager, migrate

    logs.install()
    logs.install_request_log(app)  # first, so that every request is timed and logged
    database.configure_engine(app)
    db.init_app(app)
    database.init_app(app)
    migrate.init_app(
        app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    ratelimits.configure(app)
    limiter.init_app(app)
    ratelimits.init_app(app)
    static.init_app(app)
    availability_cache.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    preferred_periods.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    from intake.api import free_slots, openapi, requests  # noqa: F401  (routes on the API blueprint)
    from intake.api.blueprint import bp as api_bp
    from intake.public import erasure, offer_answers, routes  # noqa: F401  (routes on `public`)
    from intake.public.blueprint import bp as public_bp
    from intake.public.calendar_downloads import bp as calendar_downloads_bp
    from intake.public.media import bp as media_bp
    from intake.public.site import bp as site_bp
    from intake.staff.blueprint import bp as staff_bp

    for blueprint in (site_bp, api_bp, public_bp, media_bp, staff_bp, calendar_downloads_bp):
        app.register_blueprint(blueprint)


def register_errorhandlers(app: Flask) -> None:
    from intake.core.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from intake.cli import commands

    commands.register(app)
