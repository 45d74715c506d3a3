"""The sign-language page's video: the office's own DGS video when one is configured."""

from dataclasses import dataclass

from flask import current_app, url_for

from config import BASE_DIR


@dataclass(frozen=True)
class Video:
    src: str
    external: bool


def sign_language_video() -> Video | None:
    """SIGN_LANGUAGE_VIDEO names a file under static/ (shown only if it exists) or an https
    URL (linked, since our CSP plays only our own files); empty means there is none."""
    setting = current_app.config["SIGN_LANGUAGE_VIDEO"].strip()
    if not setting:
        return None
    if setting.startswith("https://"):
        return Video(src=setting, external=True)
    static = (BASE_DIR / "static").resolve()
    path = (static / setting).resolve()
    if not path.is_relative_to(static) or not path.is_file():
        current_app.logger.warning("SIGN_LANGUAGE_VIDEO %r is not a file under static/", setting)
        return None
    return Video(src=url_for("static", filename=setting), external=False)
