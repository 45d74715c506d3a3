"""The office's sign-language video and captions, served by the app with range requests."""

from flask import Blueprint, abort, send_file

from intake.core import sign_media

bp = Blueprint("media", __name__, url_prefix="/media")


@bp.get("/sign-language/<name>")
def sign_language_file(name: str):
    """Only the two current files; a link carries their version, so browsers may keep them."""
    media = sign_media.current_media()
    files = {} if media is None else {media.video.name: (media.video, media.video_type)}
    if media is not None and media.captions is not None:
        files[media.captions.name] = (media.captions, "text/vtt")
    if name not in files:
        abort(404)
    path, mimetype = files[name]
    return send_file(path, mimetype=mimetype, conditional=True, max_age=86400)
