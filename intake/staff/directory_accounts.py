"""The lead's page for a directory account: the directory owns name, e-mail, role (and the
languages when it keeps them); the lead sets what only intake knows."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField
from wtforms.validators import InputRequired, Length

from intake.accounts.services import normalise_languages
from intake.core.domain import unit_of_work
from intake.directory import settings
from intake.models import User
from intake.models.audit import record

INTAKE_FLAGS = ("takes_appointments", "offers_phone", "offers_video")


class IntakeFieldsForm(FlaskForm):
    """Only intake's own fields: a posted role, name or e-mail has nowhere to go."""

    languages = StringField(_l("Languages"), validators=[InputRequired(), Length(max=100)])
    takes_appointments = BooleanField(_l("Takes appointments"))
    offers_phone = BooleanField(_l("Offers consultations by phone"))
    offers_video = BooleanField(_l("Offers consultations by video"))


def directory_keeps_languages() -> bool:
    return settings.configured() and settings.current().owns_languages


def set_intake_fields(user: User, *, actor: User, languages: list[str] | None, **flags) -> None:
    """Change what the directory does not own; languages only when it does not keep them."""
    if languages is not None:
        user.set_languages(normalise_languages(languages))
    for name in INTAKE_FLAGS:
        setattr(user, name, bool(flags[name]))
    record("account_changed", actor_id=actor.id, obj=user, detail="intake fields")


def edit(user: User):
    form = IntakeFieldsForm(obj=user)
    keeps_languages = directory_keeps_languages()
    if keeps_languages:
        del form.languages
    elif not form.is_submitted():
        form.languages.data = ", ".join(user.language_codes)
    if form.validate_on_submit():
        with unit_of_work(form) as work:
            languages = None if keeps_languages else form.languages.data.replace(";", ",")
            set_intake_fields(
                user,
                actor=current_user,
                languages=None if languages is None else languages.split(","),
                **{name: form[name].data for name in INTAKE_FLAGS},
            )
        if not work.failed:
            flash(_("Account saved."), "info")
            return redirect(url_for("staff.team.index"))
    page = render_template(
        "staff/directory_account_edit.html",
        form=form,
        member=user,
        keeps_languages=keeps_languages,
    )
    return page, 422 if form.errors else 200
