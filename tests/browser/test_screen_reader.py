"""What a screen reader meets on the booking form, read from Chromium's accessibility tree
(not only axe): every time names its whole moment, every error names its field, and the
keyboard path leaves out what does not apply."""

import re
from datetime import datetime

import pytest
from flask_babel import force_locale
from flask_babel import gettext as _
from playwright.sync_api import expect

from config import Config
from intake.core.i18n import format_when
from tests.browser.test_booking import tab_to

pytestmark = pytest.mark.browser
LANGUAGES = Config.LANGUAGES.split(",")
# No demo counsellor speaks these: every time there comes with an interpreter.
INTERPRETED = ("fa", "vi", "tr", "fr", "ps", "ku", "pl", "ro")


def spaced(text: str) -> str:
    """Accessible names carry plain spaces where the text has no-break ones."""
    return " ".join(text.split())


def radio_names(page) -> list[str]:
    snapshot = page.locator("fieldset.slots").aria_snapshot()
    # A name with a colon is quoted as a whole YAML line: - 'radio "None fits: call me"'
    lines = re.findall(r"""^\s*- '?radio "(.*)"(?: \[checked\])?'?$""", snapshot, flags=re.M)
    return [line.replace("''", "'") for line in lines]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_time_is_read_as_weekday_date_and_time(page, live_server, live_app, lang):
    page.goto(f"{live_server}/{lang}/request")
    values = page.eval_on_selector_all(
        "fieldset.slots input[name=start]:not([value=callback])",
        "inputs => inputs.map(i => i.value)",
    )
    assert values, "the demo office has free times"
    with live_app.test_request_context(f"/{lang}/"), force_locale(lang):
        moments = [format_when(datetime.fromisoformat(value)) for value in values]
        note = _("(with an interpreter, free of charge)")
        callback = _("None of these times fits: please call me back")
    names = radio_names(page)
    assert spaced(names[-1]) == spaced(callback)
    names, moments = [spaced(n) for n in names], [spaced(m) for m in moments]
    note, callback = spaced(note), spaced(callback)
    for name, moment in zip(names[:-1], moments, strict=True):
        assert name.startswith(moment), (name, moment)
        assert name in (moment, f"{moment} {note}"), name
        if lang in INTERPRETED:
            assert name.endswith(note), name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_error_is_read_with_the_name_of_its_field(page, live_server, lang):
    page.goto(f"{live_server}/{lang}/request")
    page.locator("button.button[type=submit]").click()
    page.wait_for_load_state()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link").all()
    assert len(links) >= 3
    for link in links:
        field_id = link.get_attribute("href").removeprefix("#")
        field = page.locator(f"[id='{field_id}']")
        label = field.evaluate(
            "el => (el.tagName === 'FIELDSET' ? el.querySelector('legend')"
            " : document.querySelector(`label[for='${el.id}']`)).firstChild.textContent.trim()"
        )
        error = page.locator(f"[id='{field_id}-error']").inner_text().strip()
        name = spaced(link.evaluate("el => el.textContent"))
        assert name.startswith(spaced(label)), (name, label)
        assert "?:" not in name, name
        assert "؟:" not in name, name
        # At the field itself the error is part of what is read: its description.
        expect(field).to_have_accessible_description(re.compile(re.escape(error)))


def test_the_keyboard_skips_the_preferred_periods_once_a_time_is_chosen(page, live_server):
    page.goto(f"{live_server}/de/request")
    tab_to(page, "input[name=start]")
    page.keyboard.press("Space")
    reached = []
    for _step in range(30):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.name || document.activeElement.id"))
        if reached[-1] == "name":
            break
    assert reached[-1] == "name"
    assert "preferred_periods" not in reached
    assert page.locator("#preferred_periods").is_hidden()


def test_the_preferred_periods_are_reached_when_no_time_fits(page, live_server):
    page.goto(f"{live_server}/de/request")
    page.check("#slot-callback")
    page.focus("#slot-callback")
    tab_to(page, "input[name=preferred_periods]", limit=10)
    assert page.locator("#preferred_periods").is_visible()
