"""The calendar's entries are written by hand for speed (bench_hand_written.py: the lead's
week of ten counsellors in a third of the time Jinja macros take); what they write must be
what the macros write (tests/reference/entries.html), as a browser reads it."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake import create_app
from intake.availability.week import Entry, WeekView
from intake.core.vocabulary import CLOSURE_REASONS, MODES, STAFF_APPOINTMENT_STATUSES
from intake.staff.calendar_entries import EntryWriter
from tests.reference.entries import TemplateEntries
from tests.same_markup import markup_events

BERLIN = ZoneInfo("Europe/Berlin")
CATALOGUES = ("de", "en", "uk", "ru", "ar", "fa", "vi", "tr", "fr")
MONDAY = date(2026, 10, 19)  # the week in which summer time ends
# What people type: markup, quotes, ampersands, right-to-left text, bidi overrides.
PIECES = [*"aZ09 -.:/<>&\"'üع\u202e", "{{7*7}}", "&amp;"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


@pytest.fixture(scope="module")
def app():
    return create_app("testing", DATABASE_URL="sqlite://")


def _times(day: date, minute: int, length: int) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(8), tzinfo=BERLIN) + timedelta(minutes=minute)
    return start, start + timedelta(minutes=length)


@st.composite
def entries(draw) -> Entry:
    kind = draw(st.sampled_from(["appointment", "absence", "closure", "holiday", "free"]))
    day = MONDAY + timedelta(days=draw(st.integers(0, 6)))
    timed = kind in ("appointment", "free") or draw(st.booleans()) and kind != "holiday"
    start, end = _times(day, draw(st.integers(0, 600)), draw(st.integers(15, 480)))
    return Entry(
        kind,
        day,
        counsellor_id=draw(st.integers(1, 3)),
        start=start if timed else None,
        end=end if timed else None,
        label=draw(TEXT),
        reason=draw(st.sampled_from([*CLOSURE_REASONS, "other"])),
        case_id=draw(st.integers(1, 10**6)),
        reference=draw(TEXT),
        mode=draw(st.sampled_from([*MODES, "unknown"])),
        status=draw(st.sampled_from([*STAFF_APPOINTMENT_STATUSES, "<odd>"])),
        interpreter_language=draw(st.sampled_from([None, "ar", "dgs", "fa", "uk"])),
    )


PAGES = st.fixed_dictionaries(
    {
        "language": st.sampled_from(CATALOGUES),
        "case_id": st.one_of(st.none(), st.integers(1, 10**6)),
        "user_id": st.integers(1, 3),
        "links": st.booleans(),
    }
)


def _writers(page: dict):
    options = (page["case_id"], page["user_id"])
    return EntryWriter(*options, links=page["links"]), TemplateEntries(
        *options, links=page["links"]
    )


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=PAGES, items=st.lists(entries(), max_size=6), context=TEXT)
def test_a_cell_reads_as_the_jinja_macros_write_it(app, page, items, context):
    with app.test_request_context(), force_locale(page["language"]):
        by_hand, by_jinja = _writers(page)
        written = by_hand.cell(items, context)
        assert markup_events(written) == markup_events(by_jinja.cell(items, context))
        assert by_hand.cell(items, context) == written  # the second time from its memory


class Person:
    def __init__(self, number: int):
        self.id, self.name = number, f"Beraterin <{number}> & Co"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(page=PAGES, items=st.lists(entries(), max_size=25), people=st.integers(1, 3))
def test_a_week_table_reads_as_the_jinja_macros_write_it(app, page, items, people):
    view = WeekView(
        MONDAY,
        [MONDAY + timedelta(days=n) for n in range(5)],
        [Person(n) for n in range(1, people + 1)],
        list(range(8, 18)),
    )  # noqa: E501
    for entry in items:
        if entry.kind in ("holiday", "closure"):
            view.office.setdefault(entry.day, []).append(entry)
        elif entry.all_day:
            view.all_day.setdefault((entry.day, entry.counsellor_id), []).append(entry)
        else:
            view.cells.setdefault((entry.day, entry.counsellor_id, entry.start.hour), []).append(
                entry
            )
    with app.test_request_context(), force_locale(page["language"]):
        by_hand, by_jinja = _writers(page)
        assert markup_events(by_hand.body(view)) == markup_events(by_jinja.body(view))


def test_what_people_typed_stays_text(app):
    entry = Entry("holiday", MONDAY, label='<script>alert("x")</script>')
    with app.test_request_context(), force_locale("de"):
        written = EntryWriter(None, 1).cell([entry])
    assert "<script>" not in written
    assert ("text", '<script>alert("x")</script>') in markup_events(written)
