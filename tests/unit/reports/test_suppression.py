"""Small-cell suppression: no number of fewer people than the threshold can be read or
recomputed from what a published table shows."""

from intake.reports.tables import SUPPRESSED, Column, Row, Table, suppress


def channel_table(rows: dict[str, dict[str, int]]) -> Table:
    columns = [Column("web", "web", part_of="total"), Column("phone", "phone", part_of="total")]
    columns.append(Column("total", "total"))
    body = [Row(label, {**v, "total": sum(v.values())}, label) for label, v in rows.items()]
    sums = {key: sum(row.values[key] for row in body) for key in ("web", "phone", "total")}
    return Table("requests", "Requests", "Period", columns, body, Row("Total", sums, "total"))


def values(table: Table) -> list[list]:
    return [[row.values[k] for k in ("web", "phone", "total")] for row in table.all_rows]


def test_a_cell_under_the_threshold_is_held_back():
    table = suppress(channel_table({"Jan": {"web": 3, "phone": 3}}), 5)
    assert values(table)[0][:2] == [SUPPRESSED, SUPPRESSED]


def test_a_held_back_cell_cannot_be_recomputed_from_its_row_total():
    # Jan: web 2 (small), phone 10, total 12: showing phone and total would give web = 2.
    table = suppress(
        channel_table({"Jan": {"web": 2, "phone": 10}, "Feb": {"web": 7, "phone": 9}}), 5
    )
    jan, feb, total = values(table)
    # Jan's phone goes with it (row), and so do Feb's web and phone (the two columns).
    assert jan == [SUPPRESSED, SUPPRESSED, 12]
    assert feb == [SUPPRESSED, SUPPRESSED, 16]
    assert total == [9, 19, 28]


def test_no_sum_in_a_published_table_has_exactly_one_unknown():
    table = suppress(
        channel_table(
            {
                "Jan": {"web": 1, "phone": 20},
                "Feb": {"web": 30, "phone": 40},
                "Mar": {"web": 6, "phone": 8},
            }
        ),
        5,
    )
    rows = values(table)
    for row in rows:
        assert row.count(SUPPRESSED) != 1, row
    for index in range(3):
        assert [row[index] for row in rows].count(SUPPRESSED) != 1, index


def test_zero_and_large_numbers_stay_visible():
    table = suppress(channel_table({"Jan": {"web": 0, "phone": 12}}), 5)
    assert values(table)[0] == [0, 12, 12]


def test_a_rate_computed_from_a_held_back_count_is_held_back():
    columns = [
        Column("completed", "held"),
        Column("no_show", "missed"),
        Column("rate", "rate", "measure", base=("completed", "no_show")),
    ]
    rows = [Row("Jan", {"completed": 20, "no_show": 2, "rate": 9.1})]
    table = suppress(Table("appointments", "A", "P", columns, rows), 5)
    assert table.rows[0].values == {"completed": 20, "no_show": SUPPRESSED, "rate": SUPPRESSED}


def test_suppression_leaves_the_original_table_untouched():
    original = channel_table({"Jan": {"web": 2, "phone": 10}})
    suppress(original, 5)
    assert values(original)[0] == [2, 10, 12]
