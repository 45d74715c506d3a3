"""The test browser talks to 127.0.0.1 only: Chromium's own net log says so."""

import json
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser


def hosts_in(net_log: dict) -> set[str]:
    """Every host name a request or a name lookup in the log was for."""
    found = set()
    for event in net_log["events"]:
        params = event.get("params", {})
        for key in ("url", "host"):
            value = str(params.get(key, ""))
            if value:
                found.add(urlsplit(value if "://" in value else f"//{value}").hostname or value)
    return found


def test_chromium_contacts_only_the_loopback_address(browser, live_server, tmp_path):
    net_log = tmp_path / "net-log.json"
    chromium = browser.browser_type.launch(
        executable_path=CHROMIUM,
        headless=True,
        args=[*CHROMIUM_ARGS, f"--log-net-log={net_log}", "--net-log-capture-mode=Default"],
    )
    page = chromium.new_page()
    for path in ("/de/", "/ar/request", "/staff/login"):
        page.goto(live_server + path)
    chromium.close()
    hosts = hosts_in(json.loads(net_log.read_text()))
    assert "127.0.0.1" in hosts
    assert hosts == {"127.0.0.1"}
