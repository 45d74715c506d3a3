"""The sign-language page's video: the one the office lead uploaded, with its captions."""

from dataclasses import dataclass

from flask import url_for

from intake.core.sign_media import current_media


@dataclass(frozen=True)
class Video:
    src: str
    type: str
    captions_src: str | None


def sign_language_video() -> Video | None:
    """None until the lead has uploaded a video; links change whenever a file does."""
    media = current_media()
    if media is None:
        return None

    def link(path) -> str:
        return url_for("media.sign_language_file", name=path.name, v=media.version(path))

    captions = link(media.captions) if media.captions else None
    return Video(src=link(media.video), type=media.video_type, captions_src=captions)
