"""A live server on a free loopback port and a headless Chromium driven by Playwright."""

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from intake import create_app
from intake.cli import demo
from intake.extensions import db
from tests.conftest import migrate_database

CHROMIUM = "/usr/bin/chromium"
DISABLED_FEATURES = [
    "AutofillServerCommunication",
    "OptimizationHints",
    "OptimizationHintsFetching",
    "MediaRouter",
    "DialMediaRouteProvider",
    "Translate",
    "CertificateTransparencyComponentUpdater",
    "NetworkTimeServiceQuerying",
    "SafeBrowsing",
    "InterestFeedContentSuggestions",
    "AccountConsistency",
    "PrivacySandboxSettings4",
    "SegmentationPlatform",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Chromium's own services would each try an outside host (autofill, sign-in, updates,
    # safe browsing, translation, metrics); the tests talk only to 127.0.0.1.
    "--disable-features=" + ",".join(DISABLED_FEATURES),
    "--no-default-browser-check",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--metrics-recording-only",
    "--no-pings",
    "--safebrowsing-disable-auto-update",
    "--disable-signin-promo",
    "--allow-pre-commit-input",
    "--google-base-url=http://127.0.0.1:9",
    "--gaia-url=http://127.0.0.1:9",
    "--lso-url=http://127.0.0.1:9",
    "--sync-url=http://127.0.0.1:9",
    "--variations-server-url=http://127.0.0.1:9",
    "--component-updater=url-source=http://127.0.0.1:9",
]


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app with demo data on its own SQLite file; tests may add rows in its context."""
    url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    migrate_database(url)
    app = create_app("testing", DATABASE_URL=url, WTF_CSRF_ENABLED=True)
    with app.app_context():
        demo.seed()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The demo app served from a thread on a free loopback port."""
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true needs Chromium at {CHROMIUM}")
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    yield page
    context.close()
