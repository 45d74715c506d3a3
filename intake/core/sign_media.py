"""The office's German Sign Language video and its German captions: checked, stored, found."""

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from werkzeug.datastructures import FileStorage

from intake.core.domain import DomainError

VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
CAPTIONS_NAME = "captions.vtt"
CAPTIONS_MAX_BYTES = 512 * 1024
WEBM_MAGIC = b"\x1a\x45\xdf\xa3"


class MediaRefused(DomainError):
    status = 422
    message = _l("This file cannot be used.")


@dataclass(frozen=True)
class SignMedia:
    """What the page shows: the video file and, when there is one, its captions."""

    video: Path
    captions: Path | None

    @property
    def video_type(self) -> str:
        return VIDEO_TYPES[self.video.suffix]

    def version(self, path: Path) -> str:
        """Part of the link, so that a replaced file gets a new address."""
        stat = path.stat()
        return f"{stat.st_mtime_ns:x}-{stat.st_size:x}"


def media_dir() -> Path:
    """SIGN_LANGUAGE_MEDIA_DIR (shared storage when several servers run the app), or the
    instance folder."""
    configured = current_app.config.get("SIGN_LANGUAGE_MEDIA_DIR") or ""
    return Path(configured) if configured else Path(current_app.instance_path) / "sign_language"


def current_media() -> SignMedia | None:
    folder = media_dir()
    video = next(
        (folder / f"video{ext}" for ext in VIDEO_TYPES if (folder / f"video{ext}").is_file()), None
    )
    if video is None:
        return None
    captions = folder / CAPTIONS_NAME
    return SignMedia(video=video, captions=captions if captions.is_file() else None)


def max_video_bytes() -> int:
    return int(current_app.config["SIGN_LANGUAGE_VIDEO_MAX_MB"]) * 1024 * 1024


def check_video(filename: str, head: bytes, size: int) -> str:
    """An MP4 or WebM file by its name and its first bytes (not only what the browser says),
    not empty and within the size limit; returns its extension."""
    ext = Path(filename or "").suffix.lower()
    is_mp4 = ext == ".mp4" and head[4:8] == b"ftyp"
    is_webm = ext == ".webm" and head.startswith(WEBM_MAGIC) and b"webm" in head[:64]
    if not (is_mp4 or is_webm):
        raise MediaRefused(_l("Please choose an MP4 or WebM video file."), field="video")
    if size > max_video_bytes():
        raise MediaRefused(too_big(max_video_bytes()), field="video")
    return ext


def check_captions(filename: str, content: bytes) -> str:
    """A WebVTT file: .vtt, UTF-8, starting with "WEBVTT", with at least one cue."""
    if len(content) > CAPTIONS_MAX_BYTES:
        raise MediaRefused(too_big(CAPTIONS_MAX_BYTES), field="captions")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = ""
    header = text.split("\n", 1)[0].rstrip("\r")
    valid = header == "WEBVTT" or header.startswith(("WEBVTT ", "WEBVTT\t"))
    if (
        Path(filename or "").suffix.lower() != ".vtt"
        or not valid
        or "-->" not in text
        or "\x00" in text
    ):
        raise MediaRefused(_l("Please choose a WebVTT caption file (.vtt)."), field="captions")
    return text


def too_big(limit: int) -> str:
    """The limit in whole megabytes (a caption file's half megabyte reads as 1 MB)."""
    megabytes = max(round(limit / (1024 * 1024)), 1)
    return ngettext(
        "The file is too large: at most %(num)d MB.",
        "The file is too large: at most %(num)d MB.",
        megabytes,
    )


def replace_media(video: FileStorage | None, captions: FileStorage | None) -> None:
    """Both files are checked before either is stored, so a refused upload changes nothing.
    A video never goes up without German captions (new ones, or those already there)."""
    existing = current_media()
    if video is None and captions is None:
        raise MediaRefused(_l("Please choose a video or a caption file."), field="video")
    ext = _checked_video(video) if video else None
    text = (
        check_captions(captions.filename, captions.stream.read(CAPTIONS_MAX_BYTES + 1))
        if captions
        else None
    )
    if video and text is None and (existing is None or existing.captions is None):
        raise MediaRefused(
            _l("Please add the German caption file (.vtt) with the video."), field="captions"
        )
    if text is not None and video is None and existing is None:
        raise MediaRefused(_l("Please upload the video together with its captions."), field="video")
    if video:
        store_video(iter(lambda: video.stream.read(1 << 20), b""), ext)
    if text is not None:
        store_captions(text)


def _checked_video(video: FileStorage) -> str:
    head = video.stream.read(64)
    video.stream.seek(0, os.SEEK_END)
    size = video.stream.tell()
    video.stream.seek(0)
    return check_video(video.filename, head, size)


def store_video(stream, ext: str) -> None:
    """Written beside the old one and swapped in at once; a video of the other type goes."""
    folder = media_dir()
    _write_atomically(folder / f"video{ext}", stream)
    for other in VIDEO_TYPES:
        if other != ext:
            (folder / f"video{other}").unlink(missing_ok=True)


def store_captions(text: str) -> None:
    _write_atomically(media_dir() / CAPTIONS_NAME, [text.encode("utf-8")])


def remove_all() -> None:
    folder = media_dir()
    for name in (*(f"video{ext}" for ext in VIDEO_TYPES), CAPTIONS_NAME):
        (folder / name).unlink(missing_ok=True)


def _write_atomically(target: Path, chunks) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
