"""Report figures against a small office computed by hand, on SQLite and PostgreSQL.

The fixture straddles New Year and puts requests and appointments a few minutes either side
of local midnights, so a bucket taken in UTC instead of office time shows up as a wrong
count. December 2026 to January 2027, by month:

  case  created (office time)   channel  talk  interp.  mode       status    appointments
  c1    Tue 01.12.2026 00:30    web      ar    -        in_person  closed    a1 held
  c2    Thu 31.12.2026 23:30    phone    uk    dgs      phone      referred  a2 no-show, a3 held
  c3    Fri 01.01.2027 00:15    email    de    -        video      declined  a6 cancelled (office)
  c4    Sun 10.01.2027 09:00    walk_in  ar    fa       in_person  closed    a4 cancelled
                                                        (anonymised)           (requester), a5 held
  c5    Mon 30.11.2026 22:00    outside the period (November)
  c6    Mon 01.02.2027 00:10    outside the period (February)

Waits to the first appointment held: c1 6 days (held in December), c2 11.4375 days and
c4 11 days (held in January).
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from intake.models import Absence, ReferralService, WorkingHours
from intake.reports.report import build_report, build_table
from intake.reports.report_periods import Period
from intake.reports.tables import SUPPRESSED

BERLIN = ZoneInfo("Europe/Berlin")
WINTER = Period(date(2026, 12, 1), date(2027, 1, 31), "month")


def local(*parts) -> datetime:
    return datetime(*parts, tzinfo=BERLIN).astimezone(UTC)


@pytest.fixture
def office_year(db, make_user, make_case, make_appointment):
    a = make_user("a@example.org", name="Amal", languages=("de", "ar"))
    b = make_user("b@example.org", name="Olena", languages=("de", "uk"))
    service = ReferralService(name="Ausländerbehörde Dresden")
    db.session.add(service)
    db.session.commit()
    c1 = make_case(
        created_at=local(2026, 12, 1, 0, 30),
        talk_language="ar",
        status="closed",
        topics=("work", "housing"),
    )
    c2 = make_case(
        created_at=local(2026, 12, 31, 23, 30),
        channel="phone",
        talk_language="uk",
        interpreter_language="dgs",
        mode="phone",
        status="referred",
        referral_id=service.id,
    )
    c3 = make_case(
        created_at=local(2027, 1, 1, 0, 15),
        channel="email",
        mode="video",
        status="declined",
        decline_reason="not_our_task",
        callback_requested=True,
    )
    c4 = make_case(
        created_at=local(2027, 1, 10, 9, 0),
        channel="walk_in",
        talk_language="ar",
        interpreter_language="fa",
        status="closed",
        name=None,
        email=None,
        anonymised_at=local(2027, 1, 30, 12, 0),
    )
    make_case(created_at=local(2026, 11, 30, 22, 0), channel="phone")
    make_case(created_at=local(2027, 2, 1, 0, 10), channel="phone")
    make_appointment(counsellor=a, case=c1, start=local(2026, 12, 7, 0, 30), status="completed")
    make_appointment(counsellor=b, case=c2, start=local(2027, 1, 5, 10), status="no_show")
    make_appointment(counsellor=b, case=c2, start=local(2027, 1, 12, 10), status="completed")
    make_appointment(
        counsellor=a,
        case=c4,
        start=local(2027, 1, 14, 9),
        status="cancelled",
        cancelled_by="requester",
    )
    make_appointment(counsellor=a, case=c4, start=local(2027, 1, 21, 9), status="completed")
    make_appointment(
        counsellor=a,
        case=c3,
        start=local(2027, 1, 19, 9),
        status="cancelled",
        cancelled_by="office",
    )
    return {"a": a, "b": b, "cases": [c1, c2, c3, c4]}


@pytest.fixture
def report_of(app):
    def build(key: str, period: Period = WINTER, threshold: int | None = None):
        with app.test_request_context(headers={"Accept-Language": "en"}):
            return build_table(key, period, BERLIN, threshold=threshold)

    return build


def column(table, key: str) -> list:
    return [row.values[key] for row in table.rows]


def by_label(table, key: str = "requests") -> dict:
    return {row.key: row.values[key] for row in table.rows}


def test_requests_count_in_the_local_month_they_arrived_across_new_year(office_year, report_of):
    table = report_of("requests")
    assert [row.key for row in table.rows] == ["2026-12-01", "2027-01-01"]
    assert column(table, "web") == [1, 0]
    assert column(table, "phone") == [1, 0]
    assert column(table, "email") == [0, 1]
    assert column(table, "walk_in") == [0, 1]
    assert column(table, "total") == [2, 2]
    assert table.total.values["total"] == 4


def test_appointments_held_missed_and_cancelled_by_whom(office_year, report_of):
    table = report_of("appointments")
    assert column(table, "completed") == [1, 2]
    assert column(table, "no_show") == [0, 1]
    assert column(table, "cancelled_requester") == [0, 1]
    assert column(table, "cancelled_office") == [0, 1]
    assert column(table, "no_show_rate") == [0.0, 33.3]
    assert table.total.values["no_show_rate"] == 25.0


def test_outcomes_referrals_and_declines(office_year, report_of):
    assert {k: v for k, v in by_label(report_of("outcomes")).items() if v} == {
        "closed": 2,
        "referred": 1,
        "declined": 1,
    }
    assert [(row.label, row.values["requests"]) for row in report_of("referrals").rows] == [
        ("Ausländerbehörde Dresden", 1)
    ]
    assert by_label(report_of("declines")) == {"not_our_task": 1}


def test_topics_languages_interpreting_and_modes(office_year, report_of):
    topics = by_label(report_of("topics"))
    assert (topics["work"], topics["housing"], topics["health"]) == (4, 1, 0)
    assert by_label(report_of("languages")) == {"ar": 2, "uk": 1, "de": 1}
    assert by_label(report_of("interpreting")) == {"dgs": 1, "fa": 1}
    assert by_label(report_of("modes")) == {"in_person": 2, "phone": 1, "video": 1}


def test_sign_language_is_named_in_the_interpreting_table(office_year, report_of):
    labels = [row.label for row in report_of("interpreting").rows]
    assert "German Sign Language (DGS)" in labels


def test_appointments_by_counsellor(office_year, report_of):
    rows = {row.label: row.values for row in report_of("counsellors").rows}
    assert (rows["Amal"]["completed"], rows["Amal"]["cancelled_requester"]) == (2, 1)
    assert rows["Amal"]["cancelled_office"] == 1
    assert (rows["Olena"]["completed"], rows["Olena"]["no_show"]) == (1, 1)


def test_waiting_time_median_and_90th_percentile_by_nearest_rank(office_year, report_of):
    table = report_of("waiting")
    assert column(table, "people") == [1, 2]
    # January: waits 11.0 and 11.4375 days; nearest rank gives 11.0 (percentile_cont: 11.2).
    assert column(table, "median") == [6.0, 11.0]
    assert column(table, "p90") == [6.0, 11.4]
    assert table.total.values == {"people": 3, "median": 11.0, "p90": 11.4}


def test_the_languages_that_found_no_slot(office_year, report_of):
    rows = {row.key: row.values for row in report_of("shortage").rows}
    assert rows["de"] == {"requests": 1, "callbacks": 1, "speakers": 2}
    assert rows["uk"]["speakers"] == 1


def test_anonymising_a_case_changes_no_figure(app, db, office_year, report_of):
    with app.test_request_context():
        before = [(t.key, t.rows, t.total) for t in build_report(WINTER, BERLIN)]
    for case in office_year["cases"]:
        case.name = case.email = case.phone = case.description = None
        case.anonymised_at = local(2027, 3, 1, 0, 0)
    db.session.commit()
    with app.test_request_context():
        after = [(t.key, t.rows, t.total) for t in build_report(WINTER, BERLIN)]
    assert after == before


def test_an_empty_period_shows_zeros_and_no_categories(office_year, report_of):
    empty = Period(date(2025, 3, 1), date(2025, 3, 31), "week")
    assert column(report_of("requests", empty), "total") == [0] * 6
    assert report_of("languages", empty).rows == []
    assert column(report_of("waiting", empty), "median") == [None] * 6
    assert report_of("appointments", empty).total.values["no_show_rate"] is None


@pytest.fixture
def autumn(db, make_user, make_appointment):
    """Amal works Mondays 09-12 and Sundays 01-04; the clocks go back on Sunday 25 October
    2026 at 03:00, so that Sunday's window lasts four hours. She is away on Monday 19
    October 09-10; an appointment at 00:30 on Monday 26 October belongs to that week."""
    a = make_user("a@example.org", name="Amal", languages=("de", "ar"))
    for weekday, start, end in ((0, time(9), time(12)), (6, time(1), time(4))):
        db.session.add(WorkingHours(user_id=a.id, weekday=weekday, start_time=start, end_time=end))
    db.session.add(
        Absence(user_id=a.id, starts_at=local(2026, 10, 19, 9), ends_at=local(2026, 10, 19, 10))
    )
    db.session.commit()
    make_appointment(counsellor=a, start=local(2026, 10, 26, 0, 30), status="completed")
    make_appointment(counsellor=a, start=local(2026, 10, 20, 9), status="cancelled")
    make_appointment(counsellor=a, start=local(2026, 10, 25, 23, 30), status="no_show", minutes=30)
    return a


DST_WEEKS = Period(date(2026, 10, 19), date(2026, 11, 1), "week")


def test_capacity_in_a_dst_week_counts_the_repeated_hour(autumn, report_of):
    table = report_of("capacity", DST_WEEKS)
    # Week 1: Monday 3 h - 1 h away + Sunday 01-04 over the change (4 h) = 6 h; a 30-minute
    # no-show at 23:30 on Sunday is booked time of that week. Week 2: 3 h + 3 h = 6 h.
    assert column(table, "bookable") == [6.0, 6.0]
    assert column(table, "booked") == [0.5, 1.0]
    assert column(table, "utilisation") == [8.3, 16.7]
    assert table.total.values == {"bookable": 12.0, "booked": 1.5, "utilisation": 12.5}


def test_an_appointment_at_half_past_midnight_on_monday_counts_in_that_week(autumn, report_of):
    table = report_of("appointments", DST_WEEKS)
    assert column(table, "completed") == [0, 1]
    assert column(table, "no_show") == [1, 0]


def test_published_tables_hold_back_small_cells(office_year, report_of):
    table = report_of("requests", threshold=2)
    # Each month has 1 + 1 requests in two channels: both held back, the monthly total
    # of 2 stays; the column totals of 1 are held back too.
    assert column(table, "web") == [SUPPRESSED, 0]
    assert column(table, "phone") == [SUPPRESSED, 0]
    assert column(table, "total") == [2, 2]
