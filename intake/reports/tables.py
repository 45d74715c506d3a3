"""Report tables as plain data, and small-cell suppression for publication.

A table is the source of truth: the chart, the HTML table and the CSV file all read it.
"""

from dataclasses import dataclass, field, replace


class _Suppressed:
    """A value held back because it counts fewer people than the threshold."""

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED = _Suppressed()


@dataclass(frozen=True)
class Column:
    """`kind` is "count" (people; suppressible), "measure" (hours, days, a rate).
    `part_of` names the row total a count adds up to; `base` names the counts a measure is
    computed from, so the measure is held back with any of them."""

    key: str
    title: str
    kind: str = "count"
    part_of: str | None = None
    base: tuple[str, ...] = ()


@dataclass
class Row:
    label: str
    values: dict[str, object]
    key: str = ""


@dataclass
class Table:
    key: str
    title: str
    label: str
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    chart: str = "bars"
    note: str = ""
    unit: str = ""
    suppressed: bool = field(default=False)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    @property
    def all_rows(self) -> list[Row]:
        return self.rows + ([self.total] if self.total else [])


def suppress(table: Table, threshold: int) -> Table:
    """Hold back every count from 1 to threshold - 1 (primary suppression), then, as long as
    some sum (a row with its row total, a column with the total row) has exactly one value
    held back, hold back the smallest other value of that sum too (secondary suppression),
    so no held-back value can be recomputed by subtraction. Measures computed from a held
    back count (or from fewer people than the threshold) are held back as well."""
    rows = [replace(row, values=dict(row.values)) for row in table.all_rows]
    counts = [column.key for column in table.columns if column.kind == "count"]
    for row in rows:
        for key in counts:
            if isinstance(row.values.get(key), int) and 0 < row.values[key] < threshold:
                row.values[key] = SUPPRESSED
    groups = _sums(table, rows)
    while _suppress_one_more(groups):
        pass
    for row in rows:
        _hide_measures(table, row, threshold)
    body, total = (rows[:-1], rows[-1]) if table.total else (rows, None)
    return replace(table, rows=body, total=total, suppressed=True)


def _sums(table: Table, rows: list[Row]) -> list[list[tuple[Row, str]]]:
    """Every set of cells bound by one addition: parts plus their total."""
    groups = []
    totals = {column.part_of for column in table.columns if column.part_of}
    for total_key in totals:
        parts = [column.key for column in table.columns if column.part_of == total_key]
        groups += [[(row, key) for key in [*parts, total_key]] for row in rows]
    if table.total:
        for column in table.columns:
            if column.kind == "count":
                groups.append([(row, column.key) for row in rows])
    return groups


def _suppress_one_more(groups: list[list[tuple[Row, str]]]) -> bool:
    for group in groups:
        hidden = [cell for cell in group if cell[0].values.get(cell[1]) is SUPPRESSED]
        if len(hidden) != 1:
            continue
        shown = [cell for cell in group if isinstance(cell[0].values.get(cell[1]), int)]
        if not shown:
            continue
        # The smallest non-zero value first: hiding a known zero would protect nothing.
        row, key = min(shown, key=lambda cell: _zero_last(cell[0].values[cell[1]]))
        row.values[key] = SUPPRESSED
        return True
    return False


def _hide_measures(table: Table, row: Row, threshold: int) -> None:
    for column in table.columns:
        if column.kind != "measure" or not column.base:
            continue
        bases = [row.values.get(key) for key in column.base]
        too_few = any(b is SUPPRESSED or (isinstance(b, int) and b < threshold) for b in bases)
        if too_few and row.values.get(column.key) is not None:
            row.values[column.key] = SUPPRESSED


def _zero_last(value: int) -> tuple[bool, int]:
    return value == 0, value
