"""The office lead puts the office's German Sign Language video and its captions online."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from intake.auth.decorators import role_required
from intake.core import sign_media
from intake.core.forms import keeps_typed_data
from intake.extensions import db
from intake.models import Role
from intake.models.audit import record

bp = Blueprint("sign_language", __name__)


class SignMediaForm(FlaskForm):
    # i18n: a file upload field for the office's video in German Sign Language
    video = FileField(
        _l("Video in German Sign Language (MP4 or WebM)"),
        render_kw={"accept": ".mp4,.webm,video/mp4,video/webm"},
    )
    # i18n: a file upload field for the subtitles of that video, in German
    captions = FileField(
        _l("German captions (WebVTT, .vtt)"), render_kw={"accept": ".vtt,text/vtt"}
    )


class RemoveForm(FlaskForm):
    pass


@bp.url_value_preprocessor
def allow_video_uploads(endpoint: str | None, _values: dict | None) -> None:
    """Runs before any hook reads the body: only this page takes a body this large."""
    if endpoint == "staff.sign_language.index" and request.method == "POST":
        request.max_content_length = sign_media.max_video_bytes() + 1024 * 1024


@bp.route("/sign-language", methods=["GET", "POST"])
@keeps_typed_data
@role_required(Role.LEAD)
def index():
    form = SignMediaForm()
    if form.validate_on_submit():
        try:
            sign_media.replace_media(form.video.data or None, form.captions.data or None)
        except sign_media.MediaRefused as error:
            form[error.field].errors.append(str(error.message))
        else:
            record("sign_language_media_changed", actor_id=current_user.id)
            db.session.commit()
            flash(_("The sign language page has been updated."), "info")
            return redirect(url_for(".index"))
    page = render_template(
        "staff/sign_language.html",
        form=form,
        remove_form=RemoveForm(),
        media=sign_media.current_media(),
        max_mb=current_app.config["SIGN_LANGUAGE_VIDEO_MAX_MB"],
    )
    return page, 422 if form.errors else 200


@bp.post("/sign-language/remove")
@role_required(Role.LEAD)
def remove():
    if RemoveForm().validate_on_submit():
        sign_media.remove_all()
        record("sign_language_media_removed", actor_id=current_user.id)
        db.session.commit()
        flash(_("The video has been removed."), "info")
    return redirect(url_for(".index"), code=303)
