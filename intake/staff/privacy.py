"""Requester rights on the staff side (office lead only): export a case, erase it."""

import json

from flask import Blueprint, Response, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from intake.auth.decorators import role_required
from intake.cases import privacy
from intake.core import clock
from intake.core.database import begin_write
from intake.extensions import db
from intake.models import Case, Role
from intake.models.audit import record

bp = Blueprint("privacy", __name__)


@bp.post("/cases/<int:case_id>/export")
@role_required(Role.LEAD)
def export(case_id: int):
    """A JSON download of everything stored about the person; the file name is ours."""
    begin_write()
    case = db.get_or_404(Case, case_id)
    body = json.dumps(privacy.export_case(case), ensure_ascii=False, indent=2)
    record("case_exported", actor_id=current_user.id, obj=case)
    db.session.commit()
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="case-{case_id}.json"'
    return response


@bp.post("/cases/<int:case_id>/erase")
@role_required(Role.LEAD)
def erase(case_id: int):
    """Erase on request; the lead types the case reference to confirm."""
    begin_write()
    case = db.get_or_404(Case, case_id)
    if request.form.get("confirm", "").strip().upper() != case.reference:
        db.session.rollback()
        flash(_("Type the case reference to confirm the erasure."), "error")
        return redirect(url_for("staff.cases.show", case_id=case.id), code=303)
    privacy.erase_case(case, now=clock.now(), by_id=current_user.id)
    db.session.commit()
    flash(_("The personal data of this case has been erased."), "info")
    return redirect(url_for("staff.cases.show", case_id=case.id), code=303)
