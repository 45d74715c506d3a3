"""Every URL has an access decision: public, token-protected, login, or lead only."""

import pytest

PUBLIC = {
    "static", "core.root", "core.healthz", "api.slots", "api_requests.create_request",
    "api_docs.openapi", "calendar_files.closures",
}  # fmt: skip
TOKEN_PROTECTED = {"calendar_files.counsellor_feed", "calendar_files.appointment_download"}
LOGIN_PAGES = {"auth.login", "auth.logout"}
LEAD_ONLY = {
    "staff.team", "availability.closures", "availability.delete_closure", "availability.settings",
}  # fmt: skip
SAMPLE_VALUES = {"lang": "de", "token": "x" * 43, "entry_id": "1", "filename": "css/main.css"}


def rules(app):
    return list(app.url_map.iter_rules())


def sample_path(rule) -> str:
    values = {name: SAMPLE_VALUES.get(name, "1") for name in rule.arguments}
    return rule.build(values, append_unknown=False)[1]


def test_every_rule_is_classified(app):
    for rule in rules(app):
        endpoint = rule.endpoint
        known = (
            endpoint in PUBLIC | TOKEN_PROTECTED | LOGIN_PAGES
            or endpoint.startswith("public.")
            or rule.rule.startswith("/staff")
        )
        assert known, f"{rule.rule} ({endpoint}) has no access decision"


def test_every_staff_rule_needs_a_login(app, client):
    for rule in rules(app):
        if not rule.rule.startswith("/staff") or rule.endpoint in LOGIN_PAGES | TOKEN_PROTECTED:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(sample_path(rule), method=method)
            assert response.status_code == 302, (rule.rule, method)
            assert "/staff/login" in response.headers["Location"]


def test_lead_pages_refuse_counsellors(app, client, auth):
    auth.login_as("counsellor")
    for rule in rules(app):
        if rule.endpoint in LEAD_ONLY:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                response = client.open(sample_path(rule), method=method)
                assert response.status_code == 403, (rule.rule, method)


@pytest.mark.parametrize("endpoint", sorted(TOKEN_PROTECTED))
def test_token_protected_rules_give_404_for_a_wrong_token(app, client, endpoint):
    [rule] = [rule for rule in rules(app) if rule.endpoint == endpoint]
    assert client.get(sample_path(rule)).status_code == 404
