"""Entry point for gunicorn and `flask --app wsgi`."""

from intake import create_app

app = create_app()
