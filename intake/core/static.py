"""Static file links carry a hash of the file's content (`main.css?v=3f2a…`), so nginx can let
browsers keep them for a year: a changed file gets a new address."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app


@cache
def _content_hash(folder: str, filename: str) -> str | None:
    path = Path(folder) / filename
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    except OSError:
        return None


def _add_version(endpoint: str, values: dict) -> None:
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    version = _content_hash(current_app.static_folder, values["filename"])
    if version:
        values["v"] = version


def init_app(app: Flask) -> None:
    app.url_defaults(_add_version)
