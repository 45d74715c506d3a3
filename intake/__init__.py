"""The intake application: appointment requests and case work for a counselling office."""

import os

from flask import Flask

from config import BASE_DIR, load_config


def create_app(config_name: str | None = None, **overrides: object) -> Flask:
    """Build the application; `overrides` win over configuration and environment."""
    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        static_folder=str(BASE_DIR / "static"),
        instance_path=str(BASE_DIR / "instance"),
    )
    app.config.from_mapping(load_config(config_name or os.environ.get("INTAKE_ENV", "development")))
    app.config.from_mapping(overrides)
    if "DATABASE_URL" in overrides:
        app.config["SQLALCHEMY_DATABASE_URI"] = overrides["DATABASE_URL"]
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_cli(app)
    return app


def register_extensions(app: Flask) -> None:
    import intake.models  # noqa: F401  (registers every table with the metadata)
    from intake.core import database, i18n, logs, security
    from intake.extensions import csrf, db, limiter, login_manager, migrate

    logs.install()
    database.configure_engine(app)
    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True, compare_type=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    security.init_app(app)


def register_blueprints(app: Flask) -> None:
    from intake.api.openapi import bp as api_docs_bp
    from intake.api.requests import bp as api_requests_bp
    from intake.api.routes import bp as api_bp
    from intake.auth.routes import bp as auth_bp
    from intake.availability.routes import bp as availability_bp
    from intake.calendar_files.routes import bp as calendar_bp
    from intake.core.routes import bp as core_bp
    from intake.public.routes import bp as public_bp
    from intake.staff.routes import bp as staff_bp

    app.register_blueprint(core_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(api_requests_bp)
    app.register_blueprint(api_docs_bp)
    app.register_blueprint(public_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(availability_bp)
    app.register_blueprint(calendar_bp)


def register_errorhandlers(app: Flask) -> None:
    from intake.core.errors import register

    register(app)


def register_cli(app: Flask) -> None:
    from intake.cli import commands

    commands.register(app)
