"""The bad-input catalogue for every staff form and filter (and the inputs an outside audit
found accepted): the same checks as tests/web/test_bad_input.py, row by row, on both
databases: the status, the message in the page's language, no 500 or trace, nothing stored.
"""

import pytest

from tests.web.test_bad_input import (
    CONSENT,
    NOT_ALLOWED,
    NOT_FOUND,
    NUL_REFUSED,
    SENT_TWICE,
    STALE,
    TOO_LONG,
    TOO_MUCH,
    Row,
    body,
    check_row,
    form,
    settings,
)

HUGE = str(2**70)
CASE = "/staff/cases/{case_id}"
APPOINTMENT = "/staff/appointments/{appointment_id}"
NOTE = CASE + "/notes/{note_id}"
BAD_WEEK = "Please give the week as year and week number, e.g. 2026-W47."
DATE_RANGE = "Please choose a date between %(first)s and %(last)s."
WRITE_NOTE = "Please write the note."
NOT_NOW = "This is not possible in the case's current state."
VIDEO_HTTPS = "The address must begin with https://"
FULL_ADDRESS = "Give a full address beginning with https://"
CHOOSE_A_VALID = "Not a valid choice."


def new_account(**changes) -> dict:
    data = {
        "name": "Karin Berg",
        "email": "karin@example.org",
        "role": "counsellor",
        "languages": "de",
        "takes_appointments": "y",
    }
    return data | changes


def service(**changes) -> dict:
    data = {"name": "Jugendmigrationsdienst", "address": "", "phone": "", "url": "", "note": ""}
    return data | changes


def version(**changes) -> dict:
    return {"version": "{version}"} | changes


FOUND_BY_THE_AUDIT = [
    Row(
        "case-id-2-to-the-70",
        f"/staff/cases/{HUGE}",
        method="GET",
        status=404,
        message=NOT_FOUND,
        role="lead",
    ),
    Row(
        "case-action-id-2-to-the-70",
        f"/staff/cases/{HUGE}/confirm",
        data={"version": "1"},
        status=404,
        message=NOT_FOUND,
        role="lead",
    ),
    Row(
        "appointment-id-2-to-the-70",
        f"/staff/appointments/{HUGE}/complete",
        data={"version": "1"},
        status=404,
        message=NOT_FOUND,
        role="lead",
    ),
    Row(
        "team-member-id-2-to-the-70",
        f"/staff/team/{HUGE}",
        method="GET",
        status=404,
        message=NOT_FOUND,
        role="lead",
    ),
    Row(
        "audit-since-year-1",
        "/staff/audit?since=0001-01-01",
        method="GET",
        status=400,
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "audit-until-year-9999",
        "/staff/audit?until=9999-12-31",
        method="GET",
        status=400,
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "audit-person-2-to-the-70",
        f"/staff/audit?person={HUGE}",
        method="GET",
        status=200,
        role="lead",
    ),
    Row(
        "calendar-week-9999-w52",
        "/staff/calendar?week=9999-W52",
        method="GET",
        status=400,
        message=BAD_WEEK,
        role="counsellor",
    ),
    Row(
        "calendar-week-0001-w01",
        "/staff/calendar?week=0001-W01",
        method="GET",
        status=400,
        message=BAD_WEEK,
        role="counsellor",
    ),
    Row(
        "calendar-print-week-9999-w52",
        "/staff/calendar/print?week=9999-W52",
        method="GET",
        status=400,
        message=BAD_WEEK,
        role="counsellor",
    ),
    Row(
        "calendar-colleague-2-to-the-70",
        f"/staff/calendar?user={HUGE}",
        method="GET",
        status=404,
        role="lead",
    ),
    Row(
        "calendar-case-2-to-the-70",
        f"/staff/calendar?case={HUGE}",
        method="GET",
        status=200,
        role="counsellor",
    ),
    Row(
        "availability-user-2-to-the-70",
        f"/staff/availability?user={HUGE}",
        method="GET",
        status=200,
        role="lead",
    ),
    Row("form-consent-n", "/de/request", data=form(consent="n"), message=CONSENT),
    Row("form-consent-off", "/de/request", data=form(consent="off"), message=CONSENT),
    Row(
        "form-201-url-encoded-parts",
        "/de/request",
        data={f"f{n}": "x" for n in range(201)},
        status=413,
        message=TOO_MUCH,
    ),
    Row(
        "staff-form-201-url-encoded-parts",
        CASE + "/notes",
        data={"body": "x"} | {f"f{n}": "x" for n in range(200)},
        status=413,
        message=TOO_MUCH,
        role="lead",
    ),
    Row(
        "form-slot-start-nul",
        "/de/request",
        data=form(start="2026-11-17T09:00:00+01:00\x00"),
        message=NOT_ALLOWED,
    ),
    Row(
        "api-ten-thousand-topics",
        "/api/v1/requests",
        json=body(topics=["work"] * 10_000),
        message=SENT_TWICE,
    ),
    Row(
        "form-topic-ticked-twice",
        "/de/request",
        data=form(topics=["work", "work"]),
        message=SENT_TWICE,
    ),
    Row(
        "team-name-crlf",
        "/staff/team/new",
        data=new_account(name="Karin\r\nBcc: x@evil.example"),
        message=NOT_ALLOWED,
        role="lead",
    ),
    Row(
        "team-name-lf",
        "/staff/team/new",
        data=new_account(name="Karin\nBerg"),
        message=NOT_ALLOWED,
        role="lead",
    ),
    Row(
        "settings-video-template-crlf",
        "/staff/settings",
        data=settings(video_room_template="https://meet.example/{token}\r\nX-Evil: 1"),
        message=NOT_ALLOWED,
        role="lead",
    ),
]

EVERY_STAFF_FORM = [
    Row(
        "inbox-unknown-filters",
        "/staff/?tab=x&language=xx&topic=%3Cb%3E&status=1",
        method="GET",
        status=200,
        role="counsellor",
    ),
    Row(
        "inbox-filters-twice",
        "/staff/?tab=mine&tab=all",
        method="GET",
        status=200,
        role="counsellor",
    ),
    Row(
        "search-overlong",
        "/staff/cases?q=" + "x" * 5000,
        method="GET",
        status=200,
        role="counsellor",
    ),
    Row(
        "case-page-show-from-garbage",
        CASE + "?show_from=9999-99-99",
        method="GET",
        status=200,
        role="lead",
    ),
    Row(
        "case-page-follow-up-start-garbage",
        CASE + "?start=%3Cscript%3E",
        method="GET",
        status=200,
        role="lead",
    ),
    Row(
        "calendar-week-garbage",
        "/staff/calendar?week=2026-W99",
        method="GET",
        status=400,
        message=BAD_WEEK,
        role="counsellor",
    ),
    Row(
        "calendar-colleague-text", "/staff/calendar?user=abc", method="GET", status=404, role="lead"
    ),
    Row(
        "calendar-colleague-by-counsellor",
        "/staff/calendar?user=all",
        method="GET",
        status=403,
        role="counsellor",
    ),
    Row(
        "reports-from-year-1",
        "/staff/reports?from=0001-01-01&to=0001-12-31",
        method="GET",
        status=422,
        message=DATE_RANGE,
        role="lead",
    ),
    Row(
        "reports-to-year-9999",
        "/staff/reports?from=2026-01-01&to=9999-12-31",
        method="GET",
        status=422,
        role="lead",
    ),
    Row(
        "reports-garbage-dates",
        "/staff/reports?from=x&to=y",
        method="GET",
        status=422,
        role="lead",
    ),
    Row(
        "reports-unknown-grain", "/staff/reports?by=century", method="GET", status=422, role="lead"
    ),
    Row(
        "reports-csv-unknown-table",
        "/staff/reports/nothing.csv",
        method="GET",
        status=404,
        role="lead",
    ),
    Row(
        "reports-csv-year-9999",
        "/staff/reports/topics.csv?from=2026-01-01&to=9999-12-31",
        method="GET",
        status=400,
        role="lead",
    ),
    Row(
        "reports-print-year-1",
        "/staff/reports/print?from=0001-01-01&to=0001-12-31",
        method="GET",
        status=422,
        message=DATE_RANGE,
        role="lead",
    ),
    Row("reports-by-counsellor", "/staff/reports", method="GET", status=403, role="counsellor"),
    Row(
        "case-follow-up-malformed",
        CASE + "/follow-up",
        data=version(start="x"),
        role="lead",
    ),
    Row(
        "case-follow-up-nul",
        CASE + "/follow-up",
        data=version(start="\x00"),
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "case-follow-up-stale",
        CASE + "/follow-up",
        data={"version": "0", "start": "2026-11-19T10:00:00+01:00"},
        status=409,
        message=STALE,
        role="lead",
    ),
    Row(
        "case-cancel-message-overlong",
        CASE + "/cancel-appointment",
        data=version(message="m" * 1001),
        message=TOO_LONG,
        role="lead",
    ),
    Row("case-cancel-version-missing", CASE + "/cancel-appointment", data={}, role="lead"),
    Row(
        "case-reopen-open-case",
        CASE + "/reopen",
        data=version(),
        status=409,
        message=NOT_NOW,
        role="lead",
    ),
    Row(
        "case-close-with-coming-time",
        CASE + "/close",
        data=version(),
        status=409,
        message=NOT_NOW,
        role="lead",
    ),
    Row(
        "case-decline-reason-twice",
        CASE + "/decline",
        data=version(reason=["duplicate", "other"]),
        status=400,
        role="lead",
    ),
    Row("case-assign-to-text", CASE + "/assign", data=version(to="abc"), role="lead"),
    Row("case-assign-to-2-to-the-70", CASE + "/assign", data=version(to=HUGE), role="lead"),
    Row("case-refer-service-2-to-the-70", CASE + "/refer", data=version(service=HUGE), role="lead"),
    Row(
        "case-outcome-before-the-time",
        APPOINTMENT + "/complete",
        data=version(),
        status=409,
        role="lead",
    ),
    Row(
        "case-outcome-stale",
        APPOINTMENT + "/no-show",
        data={"version": "0"},
        status=409,
        message=STALE,
        role="lead",
    ),
    Row("note-edit-empty", NOTE + "/edit", data={"body": " "}, message=WRITE_NOTE, role="lead"),
    Row("note-edit-of-someone-else", NOTE + "/edit", data={"body": "x"}, status=409, role="lead"),
    Row(
        "note-edit-unknown",
        CASE + "/notes/999999/edit",
        data={"body": "x"},
        status=404,
        role="lead",
    ),
    Row("note-delete-of-someone-else", NOTE + "/delete", data={}, status=409, role="lead"),
    Row("note-delete-by-get", NOTE + "/delete", method="GET", status=405, role="lead"),
    Row(
        "confirmation-print-unknown",
        "/staff/requests/999999/confirmation",
        method="GET",
        status=404,
        role="lead",
    ),
    Row("team-new-empty", "/staff/team/new", data={}, role="lead"),
    Row("team-new-bad-email", "/staff/team/new", data=new_account(email="karin"), role="lead"),
    Row("team-new-unknown-role", "/staff/team/new", data=new_account(role="admin"), role="lead"),
    Row("team-new-name-overlong", "/staff/team/new", data=new_account(name="K" * 121), role="lead"),
    Row(
        "team-new-name-nul",
        "/staff/team/new",
        data=new_account(name="K\x00"),
        status=400,
        message=NUL_REFUSED,
        role="lead",
    ),
    Row(
        "team-new-by-counsellor",
        "/staff/team/new",
        data=new_account(),
        status=403,
        role="counsellor",
    ),
    Row(
        "team-edit-unknown-role",
        "/staff/team/{user_id}",
        data={"role": "root", "languages": "de"},
        role="lead",
    ),
    Row(
        "team-edit-unknown",
        "/staff/team/999999",
        data={"role": "counsellor", "languages": "de"},
        status=404,
        role="lead",
    ),
    Row(
        "team-deactivate-unknown", "/staff/team/999999/deactivate", data={}, status=404, role="lead"
    ),
    Row(
        "team-reset-password-by-counsellor",
        "/staff/team/{user_id}/reset-password",
        data={},
        status=403,
        role="counsellor",
    ),
    Row("set-password-unknown-token", "/staff/set-password/not-a-token", method="GET", status=404),
    Row("referral-empty", "/staff/referrals", data={}, role="lead"),
    Row(
        "referral-url-javascript",
        "/staff/referrals",
        data=service(url="javascript:alert(1)"),
        message=FULL_ADDRESS,
        role="lead",
    ),
    Row("referral-name-overlong", "/staff/referrals", data=service(name="n" * 201), role="lead"),
    Row(
        "referral-edit-unknown", "/staff/referrals/999999", data=service(), status=404, role="lead"
    ),
    Row(
        "referral-edit-url-ftp",
        "/staff/referrals/{service_id}",
        data=service(url="ftp://x"),
        message=FULL_ADDRESS,
        role="lead",
    ),
    Row(
        "referral-by-counsellor", "/staff/referrals", data=service(), status=403, role="counsellor"
    ),
    Row(
        "settings-video-template-http",
        "/staff/settings",
        data=settings(video_room_template="http://meet.example/{token}"),
        message=VIDEO_HTTPS,
        role="lead",
    ),
    Row(
        "settings-offer-hours-huge",
        "/staff/settings",
        data=settings(offer_valid_hours=HUGE),
        role="lead",
    ),
    Row(
        "feed-renew-by-get-twice",
        "/staff/feed?x=1&x=2",
        method="GET",
        status=200,
        role="counsellor",
    ),
    Row("office-feed-by-counsellor", "/staff/feed/office", data={}, status=403, role="counsellor"),
    Row(
        "closure-delete-unknown", "/staff/closures/999999/delete", data={}, status=404, role="lead"
    ),
    Row(
        "absence-delete-unknown",
        "/staff/availability/absences/999999/delete",
        data={},
        status=404,
        role="counsellor",
    ),
    Row(
        "hours-delete-2-to-the-70",
        f"/staff/availability/hours/{HUGE}/delete",
        data={},
        status=404,
        role="counsellor",
    ),
]

ROWS = FOUND_BY_THE_AUDIT + EVERY_STAFF_FORM


def test_the_staff_catalogue_rows_are_distinct():
    assert len({row.id for row in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.id)
def test_bad_staff_input(row, make_app, db, office, make_user, frozen_now):
    check_row(row, make_app, db, make_user)
