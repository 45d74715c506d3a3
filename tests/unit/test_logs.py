"""Log lines: one per record whatever is typed, and no link tokens."""

import logging

from intake.core import logs


def test_a_typed_line_break_cannot_start_a_second_log_line(caplog):
    logs.install()
    with caplog.at_level(logging.INFO):
        logging.getLogger("intake.test").info("name=%s", "Nour\r\n2026-01-01 INFO forged")
    assert caplog.records[-1].getMessage() == "name=Nour\\r\\n2026-01-01 INFO forged"


def test_manage_and_feed_tokens_are_hidden():
    line = logs.clean('"GET /ar/r/YsNL1kdNZaoq9yQGxsSZD1bFcVP6E6niqst2bLXf1RQ/cancel HTTP/1.1"')
    assert line == '"GET /ar/r/[token]/cancel HTTP/1.1"'
    assert logs.clean("/staff/feed/abcdefghijklmnopqrstuvwxyz012345.ics") == (
        "/staff/feed/[token].ics"
    )


def test_set_password_unlock_and_enrolment_tokens_are_hidden_in_access_log_lines():
    signed = "WzEsIjdmM2E5YzFlMGI0ZCJd.aXzK7Q.Qm9keS1zaWduYXR1cmUtZXhhbXBsZQ"
    for prefix in ("/staff/set-password/", "/staff/login/unlock/", "/staff/account/second-factor/"):
        line = logs.clean(f'127.0.0.1 - - "GET {prefix}{signed} HTTP/1.1" 200 -')
        assert line == f'127.0.0.1 - - "GET {prefix}[token] HTTP/1.1" 200 -'


def test_the_office_feed_token_is_hidden_whole_not_read_as_a_feed_named_office():
    assert logs.clean("/staff/feed/office/abc.def-ghi_jkl.ics?x=1") == (
        "/staff/feed/office/[token].ics?x=1"
    )
