"""Every URL has an explicit access decision, and every staff page enforces it (fail closed).

The map below is the source of truth: a new endpoint that is not listed fails the suite, a
listed endpoint that no longer exists fails it too, and each staff endpoint is requested as
anonymous, counsellor and lead.
"""

import pytest
from flask import Flask

ANONYMOUS, TOKEN, LOGIN, COUNSELLOR, LEAD = "anonymous", "token", "login", "counsellor", "lead"

ACCESS = {
    "static": ANONYMOUS,
    "site.root": ANONYMOUS,
    "site.healthz": ANONYMOUS,
    "site.favicon": ANONYMOUS,
    "site.readyz": ANONYMOUS,
    "api.slots": ANONYMOUS,
    "api.create_request": ANONYMOUS,
    "api.openapi": ANONYMOUS,
    "calendar_downloads.closures": ANONYMOUS,
    "public.landing": ANONYMOUS,
    "public.request_form": ANONYMOUS,
    "public.cancelled": ANONYMOUS,
    "public.privacy": ANONYMOUS,
    "public.sign_language": ANONYMOUS,
    "media.sign_language_file": ANONYMOUS,
    "staff.sign_language.index": LEAD,
    "staff.sign_language.remove": LEAD,
    "public.accessibility": ANONYMOUS,
    "public.easy_german": ANONYMOUS,
    "public.erased": ANONYMOUS,
    "public.manage": TOKEN,
    "public.erase": TOKEN,
    "public.cancel": TOKEN,
    "public.move": TOKEN,
    "public.accept_offer": TOKEN,
    "public.decline_offer": TOKEN,
    "calendar_downloads.appointment_download": TOKEN,
    "staff.feeds.counsellor_feed": TOKEN,
    "staff.feeds.office_feed": TOKEN,
    "staff.auth.login": LOGIN,
    "staff.auth.logout": LOGIN,
    "staff.auth.second_step": LOGIN,
    "staff.auth.unlock": LOGIN,
    "staff.my_account.second_factor": COUNSELLOR,
    "staff.my_account.enrol": COUNSELLOR,
    "staff.my_account.password": COUNSELLOR,
    "staff.my_account.name": COUNSELLOR,
    "staff.my_account.reset_second_factor": LEAD,
    "staff.audit.index": LEAD,
    "staff.privacy.export": LEAD,
    "staff.privacy.erase": LEAD,
    "staff.inbox.index": COUNSELLOR,
    "staff.availability.index": COUNSELLOR,
    "staff.availability.add_hours": COUNSELLOR,
    "staff.availability.delete_hours": COUNSELLOR,
    "staff.availability.edit_hours": COUNSELLOR,
    "staff.availability.add_absence": COUNSELLOR,
    "staff.availability.delete_absence": COUNSELLOR,
    "staff.availability.set_deputy": COUNSELLOR,
    "staff.feeds.settings": COUNSELLOR,
    "staff.calendar_connection.index": COUNSELLOR,
    "staff.calendar_connection.choose": COUNSELLOR,
    "staff.calendar_connection.disconnect": COUNSELLOR,
    "staff.cases.search": COUNSELLOR,
    "staff.cases.show": COUNSELLOR,
    "staff.cases.confirm": COUNSELLOR,
    "staff.cases.propose": COUNSELLOR,
    "staff.cases.follow_up": COUNSELLOR,
    "staff.cases.cancel_appointment": COUNSELLOR,
    "staff.cases.assign": COUNSELLOR,
    "staff.cases.refer": COUNSELLOR,
    "staff.cases.decline": COUNSELLOR,
    "staff.cases.close": COUNSELLOR,
    "staff.cases.close_as_duplicate": COUNSELLOR,
    "staff.cases.link_same_person": COUNSELLOR,
    "staff.cases.reopen": COUNSELLOR,
    "staff.cases.add_note": COUNSELLOR,
    "staff.cases.edit_note": COUNSELLOR,
    "staff.cases.delete_note": COUNSELLOR,
    "staff.cases.complete": COUNSELLOR,
    "staff.cases.no_show": COUNSELLOR,
    "staff.walk_in.new": COUNSELLOR,
    "staff.walk_in.confirmation": COUNSELLOR,
    "staff.held_now.new": COUNSELLOR,
    "staff.arrivals.index": COUNSELLOR,
    "staff.arrivals.show": COUNSELLOR,
    "staff.calendar.index": COUNSELLOR,
    "staff.calendar.print_view": COUNSELLOR,
    "staff.team.index": LEAD,
    "staff.leavers.index": LEAD,
    "staff.office.closures": LEAD,
    "staff.office.delete_closure": LEAD,
    "staff.office.settings": LEAD,
    "staff.reports.index": LEAD,
    "staff.reports.print_view": LEAD,
    "staff.reports.csv": LEAD,
    "staff.team.create": LEAD,
    "staff.team.edit": LEAD,
    "staff.team.deactivate": LEAD,
    "staff.team.activate": LEAD,
    "staff.team.reset_password": LEAD,
    "staff.team.set_password": TOKEN,
    "staff.referrals.index": LEAD,
    "staff.referrals.edit": LEAD,
    "staff.feeds.renew_office_feed": LEAD,
    "staff.feeds.revoke_office_feed": LEAD,
}
SAMPLE_VALUES = {"lang": "de", "token": "x" * 43, "filename": "css/main.css", "table": "requests"}


def sample_path(rule) -> str:
    values = {name: SAMPLE_VALUES.get(name, "999999") for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def requests_for(app: Flask, level: str):
    """(path, method) of every rule whose endpoint the map gives `level`."""
    for rule in app.url_map.iter_rules():
        if ACCESS.get(rule.endpoint) == level:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield sample_path(rule), method


def unmapped_endpoints(app: Flask) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules()} - set(ACCESS)


def test_every_rule_has_an_access_decision(app):
    assert unmapped_endpoints(app) == set()


def test_every_listed_endpoint_exists(app):
    assert set(ACCESS) - {rule.endpoint for rule in app.url_map.iter_rules()} == set()


def test_a_new_unlisted_route_is_caught(make_app):
    """The check above really fails: a staff route added without a decision is reported."""
    app = make_app()
    app.add_url_rule("/staff/leak", "leak", lambda: "secret")
    assert unmapped_endpoints(app) == {"leak"}


@pytest.mark.parametrize("level", [COUNSELLOR, LEAD])
def test_staff_pages_send_anonymous_users_to_the_login(app, client, level):
    for path, method in requests_for(app, level):
        response = client.open(path, method=method)
        assert response.status_code == 302, (path, method)
        assert "/staff/login" in response.headers["Location"], (path, method)


def test_lead_pages_refuse_counsellors(app, client, auth):
    auth.login_as("counsellor")
    checked = list(requests_for(app, LEAD))
    assert checked
    for path, method in checked:
        assert client.open(path, method=method).status_code == 403, (path, method)


@pytest.mark.parametrize("role", ["counsellor", "lead"])
def test_counsellor_pages_open_to_counsellors_and_leads(app, client, auth, role):
    auth.login_as(role)
    for path, method in requests_for(app, COUNSELLOR):
        status = client.open(path, method=method).status_code
        assert status not in (302, 401, 403), (path, method, status)


def test_lead_pages_open_to_leads(app, client, auth):
    auth.login_as("lead")
    for path, method in requests_for(app, LEAD):
        status = client.open(path, method=method).status_code
        assert status not in (302, 401, 403), (path, method, status)


@pytest.mark.parametrize("level", [TOKEN])
def test_token_pages_answer_404_to_a_wrong_token(app, client, level):
    for path, method in requests_for(app, level):
        assert client.open(path, method=method).status_code == 404, (path, method)


def test_public_pages_open_without_login(app, client):
    for path, method in requests_for(app, ANONYMOUS):
        if method != "GET":
            continue
        response = client.get(path)
        response.close()
        # Without parameters the slots API answers 400; the point is: no login, no 403.
        assert response.status_code not in (401, 403), path
        assert "/staff/login" not in response.headers.get("Location", ""), path
