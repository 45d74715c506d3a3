"""JSON endpoints: free slots for the public."""

import json
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import ngettext

from intake.api.blueprint import bp
from intake.api.params import api_error, iso_date, single
from intake.availability import cache
from intake.core import clock
from intake.core.clock import office_tz
from intake.core.i18n import offered_languages
from intake.models import Mode

MAX_RANGE_DAYS = 92
# Nothing is bookable outside this window, and years like 0001 or 9999 would overflow the
# calendar arithmetic; such a range is a mistake worth saying so.
MAX_DAYS_AWAY = 732


@bp.get("/slots")
def slots():
    """Free slots between two local dates (inclusive), merged across counsellors."""
    first_day, last_day = iso_date("start"), iso_date("end")
    language, mode = single("language"), single("mode")
    if last_day < first_day:
        return api_error(400, _("The end date must not be before the start date."))
    today = clock.office_today()
    if abs(first_day - today).days > MAX_DAYS_AWAY or abs(last_day - today).days > MAX_DAYS_AWAY:
        return api_error(
            400,
            _(
                "Ask for dates between %(first)s and %(last)s.",
                first=(today - timedelta(days=MAX_DAYS_AWAY)).isoformat(),
                last=(today + timedelta(days=MAX_DAYS_AWAY)).isoformat(),
            ),
        )
    if last_day - first_day > timedelta(days=MAX_RANGE_DAYS):
        return api_error(
            400,
            ngettext(
                "Ask for at most %(num)d day at once.",
                "Ask for at most %(num)d days at once.",
                MAX_RANGE_DAYS,
            ),
        )
    if language is not None and language not in offered_languages():
        return api_error(400, _("This language is not offered."))
    if mode is not None and mode not in set(Mode):
        return api_error(400, _("Unknown consultation mode."))
    now = clock.now()
    body = cache.shared(
        ("slots-json", first_day, last_day, language, mode, int(now.timestamp() // 60)),
        lambda: _slots_json(first_day, last_day, now=now, language=language, mode=mode),
    )
    return current_app.response_class(body, mimetype="application/json")


def _slots_json(first_day, last_day, *, now, language, mode) -> str:
    """The answer's body, serialised once and shared while availability stays the same."""
    found = cache.open_slots(first_day, last_day, now=now, language=language, mode=mode)
    return json.dumps(
        {
            "timezone": office_tz().key,
            "slots": [
                {
                    "start": slot.start.isoformat(),
                    "end": slot.end.isoformat(),
                    "counsellors": len(slot.counsellor_ids),
                    "languages": sorted(slot.languages),
                }
                for slot in found
            ],
        },
        separators=(",", ":"),
    )
