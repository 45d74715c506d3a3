"""The demo accounts (with passwords printed in the README) never appear in production."""

from sqlalchemy import func, select

from intake import create_app
from intake.extensions import db as _db
from intake.models import User

PRODUCTION = {"SECRET_KEY": "p" * 40, "PUBLIC_URL": "https://termine.example"}


def production_runner(monkeypatch, database_url):
    for key, value in {**PRODUCTION, "DATABASE_URL": database_url}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("INTAKE_ENV", "production")
    app = create_app()
    return app, app.test_cli_runner()


def test_seed_demo_refuses_in_production(monkeypatch, database_url, db):
    app, runner = production_runner(monkeypatch, database_url)
    with app.app_context():
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code != 0
        assert "refusing" in result.output
        assert _db.session.scalar(select(func.count()).select_from(User)) == 0
        _db.session.remove()
        _db.engine.dispose()


def test_seed_demo_in_production_needs_the_explicit_flag(monkeypatch, database_url, db):
    app, runner = production_runner(monkeypatch, database_url)
    with app.app_context():
        result = runner.invoke(args=["seed-demo", "--allow-production"])
        assert result.exit_code == 0, result.output
        assert _db.session.scalar(select(func.count()).select_from(User)) == 3
        _db.session.remove()
        _db.engine.dispose()


def test_second_factor_is_required_by_default_in_production(monkeypatch, database_url, db):
    app, _runner = production_runner(monkeypatch, database_url)
    from intake.models import OfficeSettings

    with app.app_context():
        assert OfficeSettings.current().require_second_factor is True
        _db.session.remove()
        _db.engine.dispose()
