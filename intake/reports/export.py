"""CSV for a report table: UTF-8 with BOM and `;`, as a German Excel expects, safe to open.

Cells beginning with = + - @, a tab or a carriage return would run as formulas in a
spreadsheet; they get a leading apostrophe. Quoting follows RFC 4180 (csv.QUOTE_MINIMAL
with CRLF line ends): quotes doubled, cells with `;`, quotes or line breaks quoted.
"""

import csv
import io

from flask_babel import gettext as _

from intake.reports.tables import SUPPRESSED, Table

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(value) -> str:
    if value is SUPPRESSED:
        return _("held back")
    if value is None:
        return ""
    if isinstance(value, float):
        # A German Excel reads "12,5" as a number and "12.5" as a date.
        return f"{value:g}".replace(".", ",")
    return neutralise(str(value))


def table_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(table.label), *(neutralise(c.title) for c in table.columns)])
    for row in table.all_rows:
        writer.writerow(
            [neutralise(row.label), *(_cell(row.values.get(c.key)) for c in table.columns)]
        )
    return BOM + buffer.getvalue()
