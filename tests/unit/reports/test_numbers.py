"""Report cells are written as Babel writes them, whichever way is taken to get there."""

import pytest
from babel import numbers

from intake.reports.numbers import _symbols, formatted

LANGUAGES = ("de", "en", "uk", "ru", "ar", "fa", "vi", "tr", "fr", "es", "pl", "en_IN")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("value", [0, 5, 1000, 1234, 20_000, 1_234_567, 0.0, 12.5, 1234.5, 99999.9])
def test_a_cell_reads_as_babel_writes_it(language, value):
    pattern = "#,##0.0" if isinstance(value, float) else None
    assert formatted(value, language) == numbers.format_decimal(value, pattern, locale=language)


def test_a_language_that_groups_otherwise_takes_babels_own_way():
    assert numbers.format_decimal(1_234_567, locale="en_IN") == "12,34,567"
    assert _symbols("en_IN") is None
    assert _symbols("de") is not None
