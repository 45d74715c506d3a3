"""The report's period chooser: a GET form, so every report has an address to bookmark."""

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectChoice, SelectField
from wtforms.validators import Optional

from intake.reports.report_periods import GRAINS, MAX_DAYS, PRESETS, Period, preset

# No office kept these records before 2000; years like 0001 overflow the time-zone arithmetic.
FIRST_DAY = date(2000, 1, 1)
GRAIN_TITLES = {"week": _l("By week"), "month": _l("By month")}


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that changes nothing

    preset = SelectField(
        _l("Period"),
        choices=[
            SelectChoice(key, title) for key, title in [("", _l("Chosen dates")), *PRESETS.items()]
        ],
        validators=[Optional()],
        default="",
    )
    # `from` is a Python keyword, so the field is named start and read from ?from=.
    start = DateField(_l("From"), validators=[Optional()])
    end = DateField(_l("To"), validators=[Optional()])
    by = SelectField(
        _l("Shown"),
        choices=[SelectChoice(key, title) for key, title in GRAIN_TITLES.items()],
        default="month",
    )
    publish = BooleanField(
        _l("For publication: hold back numbers of fewer people than the threshold")
    )

    def __init__(self, args, *, today: date):
        values = args.copy()
        if "from" in values:
            values["start"] = values.pop("from")
        if "to" in values:
            values["end"] = values.pop("to")
        super().__init__(formdata=values)
        self.today = today

    def validate(self, extra_validators=None) -> bool:
        """Field checks first, then the period as a whole (the end carries its errors)."""
        if not super().validate(extra_validators):
            return False
        message = None if self.preset.data else self._period_problem()
        if message:
            self.end.errors = [*self.end.errors, message]
            return False
        return True

    def _period_problem(self):
        first, last = self.start.data, self.end.data
        if bool(first) != bool(last):
            return _l("Please give both dates, or choose a period.")
        if first and last < first:
            return _l("The end must not be before the start.")
        if first and (last - first).days > MAX_DAYS:
            return _l("A report covers at most three years.")
        earliest, latest = FIRST_DAY, self.today.replace(year=self.today.year + 10, day=1)
        if first and not earliest <= first <= last <= latest:
            return _(
                "Please choose a date between %(first)s and %(last)s.", first=earliest, last=latest
            )
        return None

    def period(self) -> Period:
        """The chosen period; without any choice, this month."""
        grain = self.by.data if self.by.data in GRAINS else "month"
        if self.preset.data:
            first, last = preset(self.preset.data, self.today)
        elif self.start.data and self.end.data:
            first, last = self.start.data, self.end.data
        else:
            first, last = preset("this_month", self.today)
        return Period(first, last, grain)
