"""Forms of the staff availability pages: working hours, absences, closures."""

from datetime import date, datetime

from babel.dates import get_day_names
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from intake.availability import rules
from intake.availability.engine import WeeklyWindow, local_to_utc
from intake.core import i18n
from intake.core.clock import office_today, office_tz
from intake.core.forms import StrictForm, date_field, form_key_field, time_field
from intake.core.language_texts import LanguageTextsField
from intake.core.vocabulary import CLOSURE_REASONS

END_AFTER_START = _l("The end must be after the start.")


def weekday_names() -> dict[int, str]:
    """Weekday names in the page's language, Monday = 0 as in `date.weekday()`."""
    names = get_day_names("wide", context="stand-alone", locale=get_locale())
    return {day: names[day] for day in range(7)}


class WithinRange:
    """A date within the sane range around today (no year 0001 or 9999): every date a staff
    form takes has an upper bound, so nothing later breaks on it (calendar feeds included)."""

    def __init__(self, *, past_days: int = rules.PAST_DAYS):
        self.past_days = past_days

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if field.data is not None and not rules.within_range(
            field.data, office_today(), past_days=self.past_days
        ):
            raise ValidationError(
                _(
                    "Please choose a date between %(first)s and %(last)s.",
                    **rules.range_labels(office_today(), past_days=self.past_days),
                )
            )


class After:
    """The field's value must come after another field's (or on it, when not strict)."""

    def __init__(self, other: str, message: str, *, strict: bool = True):
        self.other, self.message, self.strict = other, message, strict

    def __call__(self, form: FlaskForm, field: Field) -> None:
        if not rules.in_order(form[self.other].data, field.data, strict=self.strict):
            raise ValidationError(self.message)


class WorkingHoursForm(StrictForm):
    form_key = form_key_field()
    weekday = SelectField(_l("Weekday"), coerce=int, validators=[InputRequired()])
    # i18n: start of a counsellor's weekly working hours, a time of day
    start_time = time_field(_l("From"), validators=[InputRequired()])
    end_time = time_field(
        # i18n: end of a counsellor's weekly working hours, a time of day
        _l("Until"),
        validators=[InputRequired(), After("start_time", END_AFTER_START)],
    )
    valid_from = date_field(_l("Valid from"), validators=[Optional(), WithinRange()])
    valid_until = date_field(
        _l("Valid until"),
        validators=[
            Optional(),
            WithinRange(),
            After("valid_from", _l("This date must not be before “Valid from”."), strict=False),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="hours", **kwargs)
        self.weekday.choices = list(weekday_names().items())

    def window(self) -> WeeklyWindow:
        return WeeklyWindow(
            self.weekday.data,
            self.start_time.data,
            self.end_time.data,
            self.valid_from.data,
            self.valid_until.data,
        )

    def values(self) -> dict:
        window = self.window()
        return {
            "weekday": window.weekday,
            "start_time": window.start,
            "end_time": window.end,
            "valid_from": window.valid_from,
            "valid_until": window.valid_until,
        }

    def report_overlap(self, clash: WeeklyWindow) -> None:
        """Tell which existing window is in the way, on the start field."""
        message = _(
            "This overlaps the working hours on %(weekday)s, %(start)s–%(end)s.",
            weekday=weekday_names()[clash.weekday],
            start=i18n.format_time(clash.start, "short", rebase=False),
            end=i18n.format_time(clash.end, "short", rebase=False),
        )
        self.start_time.errors.append(message)


class AbsenceForm(StrictForm):
    form_key = form_key_field()
    start_date = date_field(_l("Start date"), validators=[InputRequired(), WithinRange()])
    start_time = time_field(_l("Start time"), validators=[InputRequired()])
    end_date = date_field(_l("End date"), validators=[InputRequired(), WithinRange()])
    end_time = time_field(_l("End time"), validators=[InputRequired()])
    # i18n: a short remark on an absence (e.g. "training"), seen only by staff
    note = StringField(_l("Note"), validators=[Optional(), Length(max=200)])
    # i18n: the colleague who covers an absent counsellor's cases while they are away
    deputy = SelectField(_l("Deputy (optional)"), coerce=int, default=0)

    def __init__(self, *args, colleagues: list | None = None, **kwargs):
        super().__init__(*args, prefix="absence", **kwargs)
        self.deputy.choices = deputy_choices(colleagues or [])

    def span(self) -> tuple[datetime, datetime]:
        """Start and end in UTC; the form's dates and times are in the office's time zone."""
        zone = office_tz()
        return (
            local_to_utc(self.start_date.data, self.start_time.data, zone),
            local_to_utc(self.end_date.data, self.end_time.data, zone),
        )

    def validate_end_time(self, field: Field) -> None:
        if None in (self.start_date.data, self.start_time.data, self.end_date.data, field.data):
            return
        if not rules.in_order(*self.span()):
            raise ValidationError(END_AFTER_START)

    def values(self) -> dict:
        starts_at, ends_at = self.span()
        return {
            "starts_at": starts_at,
            "ends_at": ends_at,
            "note": (self.note.data or "").strip(),
            "deputy_id": self.deputy.data or None,
        }


def deputy_choices(colleagues: list) -> list[tuple[int, str]]:
    """ "No deputy" first, then each colleague who could cover, by name."""
    # i18n: choice in the list of deputies for an absence
    return [(0, _("No deputy")), *((user.id, user.name) for user in colleagues)]


class DeputyForm(StrictForm):
    """Name or change the deputy of an absence already entered."""

    deputy = SelectField(_l("Deputy"), coerce=int, default=0)

    def __init__(self, *args, colleagues: list | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.deputy.choices = deputy_choices(colleagues or [])


class ClosureForm(StrictForm):
    form_key = form_key_field()
    # i18n: the day the office is closed
    day = date_field(_l("Date"), validators=[InputRequired(), WithinRange(past_days=0)])
    # i18n: the office is closed from this time of day on
    start_time = time_field(_l("Closed from"), validators=[Optional()])
    end_time = time_field(
        _l("Closed until"), validators=[Optional(), After("start_time", END_AFTER_START)]
    )
    reason = SelectField(_l("Reason"), default="other")
    # i18n: a note on a closure day that visitors of the public pages see
    public_note = TextAreaField(_l("Public note"), validators=[Optional(), Length(max=500)])
    # i18n: the same closure note, written by the office for readers of other languages
    public_notes = LanguageTextsField(
        _l("The note in other languages"), max_length=500, multiline=True
    )

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.reason.choices = list(CLOSURE_REASONS.items())

    def validate_day(self, field: Field) -> None:
        if field.data is not None and rules.is_past(field.data, self.today):
            raise ValidationError(_("This date has passed. Please choose today or a later day."))

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        if (self.start_time.data is None) == (self.end_time.data is None):
            return True
        missing = self.end_time if self.end_time.data is None else self.start_time
        missing.errors.append(_("Give both times, or neither to close the whole day."))
        return False

    def values(self) -> dict:
        return {
            "day": self.day.data,
            "start_time": self.start_time.data,
            "end_time": self.end_time.data,
            "reason": self.reason.data,
            "public_note": (self.public_note.data or "").strip(),
            "public_notes": self.public_notes.data,
        }
