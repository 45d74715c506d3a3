"""Report cells are written as Babel writes them in the page's language."""

import pytest
from babel import numbers
from flask_babel import force_locale
from markupsafe import Markup

from intake import create_app
from intake.reports.numbers import figure_number
from intake.reports.tables import SUPPRESSED

CATALOGUES = ("de", "en", "uk", "ru", "ar", "fa", "vi", "tr", "fr")
VALUES = [0, 5, -7, 1000, -1234, 20_000, 1_234_567, 10**15, 0.0, 0.35, 12.5, -1234.5, 99999.95]


@pytest.fixture(scope="module")
def app():
    return create_app("testing", DATABASE_URL="sqlite://")


@pytest.mark.parametrize("language", CATALOGUES)
@pytest.mark.parametrize("value", VALUES)
def test_a_cell_reads_as_babel_writes_it_with_one_decimal_for_measures(app, language, value):
    pattern = "#,##0.0" if isinstance(value, float) else None
    with app.test_request_context(), force_locale(language):
        written = figure_number(value)
    assert written == numbers.format_decimal(value, pattern, locale=language)


def test_a_half_is_rounded_as_written_not_as_stored(app):
    with app.test_request_context(), force_locale("de"):
        assert figure_number(0.35) == "0,4"
        assert figure_number(1_234_567) == "1.234.567"


def test_nothing_and_held_back_cells_say_so(app):
    with app.test_request_context(), force_locale("de"):
        assert figure_number(None) == "–"
        held_back = figure_number(SUPPRESSED)
    assert isinstance(held_back, Markup)
    assert held_back.startswith('<span class="held-back">')
