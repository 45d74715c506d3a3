"""CSV export: opens right in a German Excel and runs no formula."""

import csv
import io

import pytest

from intake.reports.export import BOM, neutralise, table_csv
from intake.reports.tables import SUPPRESSED, Column, Row, Table


def table_with(label: str, value=3) -> Table:
    return Table(
        "referrals",
        "Referred",
        "Referred to",
        [Column("requests", "Requests")],
        [Row(label, {"requests": value}, "x")],
    )


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_would_run_as_a_formula_is_neutralised(start):
    assert neutralise(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


def test_the_file_starts_with_a_bom_and_uses_semicolons_and_crlf():
    text = table_csv(table_with("Beratungsstelle für Geflüchtete"))
    assert text.startswith(BOM)
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbf")
    assert text[1:] == "Referred to;Requests\r\nBeratungsstelle für Geflüchtete;3\r\n"


def test_a_service_name_with_a_formula_arrives_as_text():
    text = table_csv(table_with('=cmd|" /C calc"!A0'))
    row = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))[1]
    assert row == ['\'=cmd|" /C calc"!A0', "3"]


def test_quotes_semicolons_and_line_breaks_stay_in_one_cell():
    text = table_csv(table_with('Haus "Eins"; Zimmer 2\nDresden'))
    assert '"Haus ""Eins""; Zimmer 2\nDresden";3\r\n' in text
    assert len(list(csv.reader(io.StringIO(text[1:]), delimiter=";"))) == 2


def test_arabic_names_and_decimal_commas_survive():
    text = table_csv(table_with("العربية", 12.5))
    assert "العربية;12,5" in text


def test_a_held_back_number_says_so():
    assert "held back" in table_csv(table_with("x", SUPPRESSED))
