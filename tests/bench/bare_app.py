"""The ceilings for bench_load.py: a bare Flask app under the same gunicorn settings as the
intake app, on the same PostgreSQL, doing the least each kind of page can do."""

import os
from datetime import UTC, datetime

from flask import Flask
from sqlalchemy import create_engine, text

# About 5 KB of HTML with a loop, attributes and escaping: what a small real page costs.
PAGE = """<!doctype html><html lang="de"><head><meta charset="utf-8"><title>{{ title }}</title>
<link rel="stylesheet" href="/static/css/main.css"></head><body><header><nav><ul>
{% for code, name in languages %}<li><a href="/{{ code }}/" lang="{{ code }}">{{ name }}</a></li>
{% endfor %}</ul></nav></header><main><h1>{{ title }}</h1>
{% for paragraph in paragraphs %}<p class="lead">{{ paragraph }}</p>
{% endfor %}</main><footer><p>{{ footer }}</p></footer></body></html>"""
LANGUAGES = [
    ("de", "Deutsch"),
    ("en", "English"),
    ("uk", "Українська"),
    ("ru", "Русский"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("vi", "Tiếng Việt"),
    ("tr", "Türkçe"),
    ("fr", "Français"),
]
PARAGRAPHS = [
    f"Absatz {number}: Wir beraten Menschen mit Migrationsgeschichte <kostenlos> & vertraulich, "
    "in vielen Sprachen, nach Vereinbarung. Bitte bringen Sie Ihre Unterlagen mit."
    for number in range(28)
]

app = Flask(__name__)
template = app.jinja_env.from_string(PAGE)  # compiled once, as render_template would cache it
engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True, pool_size=5, max_overflow=5)


@app.get("/hello")
def hello():
    return "hello"


@app.get("/page")
def page():
    return template.render(
        title="Erstberatung", languages=LANGUAGES, paragraphs=PARAGRAPHS, footer="Dresden"
    )


@app.get("/read")
def read():
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, name FROM bench_row WHERE id = :id"), {"id": 42}
        ).one()
    return {"id": row.id, "name": row.name}


@app.post("/insert")
def insert():
    with engine.begin() as connection:
        new_id = connection.execute(
            text("INSERT INTO bench_row (name, created_at) VALUES (:name, :at) RETURNING id"),
            {"name": "bench", "at": datetime.now(UTC)},
        ).scalar_one()
    return {"id": new_id}, 201
