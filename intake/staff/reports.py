"""The office lead's report pages: figures with tables, CSV per table, a printable report."""

from flask import Blueprint, Response, abort, render_template, request
from flask_login import current_user

from intake.auth.decorators import role_required
from intake.core import clock
from intake.extensions import db
from intake.models import OfficeSettings, Role
from intake.models.audit import record
from intake.reports import charts, export, numbers, report
from intake.reports.forms import PeriodForm
from intake.reports.report_periods import PRESETS
from intake.reports.tables import SUPPRESSED

bp = Blueprint("reports", __name__, url_prefix="/reports")
bp.add_app_template_filter(numbers.figure_number, "figure_number")


def _chosen():
    """The period form read from the query string, and the suppression threshold."""
    form = PeriodForm(request.args, today=clock.office_today())
    valid = form.validate()
    threshold = OfficeSettings.current().small_cell_threshold if form.publish.data else None
    return form, valid, threshold


def _audit(action: str, form: PeriodForm, what: str = "") -> None:
    period = form.period()
    detail = f"{period.first}..{period.last} {what}".strip()
    record(action, actor_id=current_user.id, detail=detail)
    db.session.commit()


def _query(form: PeriodForm) -> dict:
    """The chosen period as plain dates, for links to the print view and the CSV files."""
    period = form.period()
    query = {"from": period.first.isoformat(), "to": period.last.isoformat(), "by": period.grain}
    return {**query, "publish": "y"} if form.publish.data else query


def _page(template: str, action: str):
    form, valid, threshold = _chosen()
    common = {"form": form, "presets": PRESETS, "suppressed": SUPPRESSED, "threshold": threshold}
    if not valid:
        return render_template("reports/index.html", tables=[], period=None, **common), 422
    period = form.period()
    tables = report.build_report(period, clock.office_tz(), threshold=threshold)
    _audit(action, form)
    return render_template(
        template,
        tables=tables,
        period=period,
        charts=charts,
        query=_query(form),
        today=clock.office_today(),
        **common,
    )


@bp.get("")
@role_required(Role.LEAD)
def index():
    return _page("reports/index.html", "report_viewed")


@bp.get("/print")
@role_required(Role.LEAD)
def print_view():
    return _page("reports/print.html", "report_printed")


@bp.get("/<table>.csv")
@role_required(Role.LEAD)
def csv(table: str):
    if table not in report.TABLES:
        abort(404)
    form, valid, threshold = _chosen()
    if not valid:
        message = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return Response(message, 400, mimetype="text/plain; charset=utf-8")
    period = form.period()
    built = report.build_table(table, period, clock.office_tz(), threshold=threshold)
    _audit("report_exported", form, table)
    # The name is made here from the table's key and dates, never from user text.
    name = f"{table}_{period.first}_{period.last}.csv"
    return Response(
        export.table_csv(built),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
