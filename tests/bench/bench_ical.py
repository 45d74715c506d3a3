"""Benchmark: one appointment .ics, and a counsellor feed of 1,000 appointments."""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from dataset import median_ms  # noqa: E402

from intake.calendar_files.ical import (  # noqa: E402
    EventText,
    appointment_event,
    feed_event,
    new_calendar,
    serialise,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
TEXT = EventText(
    summary="Erstberatung: Integrations- und Ausländerbeauftragte",
    description="Vorgangsnummer: EB-7K3M-Q9\nTelefon: 0351-4882131\n"
    "Ansehen, verschieben oder absagen: https://termine.example/de/r/" + "x" * 43,
    location="Integrations- und Ausländerbeauftragte, Dr.-Külz-Ring 19, 01067 Dresden",
)


def event(number: int):
    start = NOW + timedelta(minutes=30 * number)
    return appointment_event(
        uid=f"{number}@bench",
        sequence=0,
        start=start,
        end=start + timedelta(minutes=30),
        tz=BERLIN,
        text=TEXT,
        stamp=NOW,
        organizer=("Büro", "office@example.org"),
    )


def feed_entry(number: int):
    """What a counsellor's feed carries: time, reference and mode, nothing personal."""
    start = NOW + timedelta(minutes=30 * number)
    return feed_event(
        uid=f"{number}@bench",
        sequence=0,
        start=start,
        end=start + timedelta(minutes=30),
        tz=BERLIN,
        summary="EB-7K3M-Q9 · Am Telefon",
        tentative=number % 3 == 0,
        stamp=NOW,
    )


def one_appointment() -> bytes:
    return serialise(new_calendar("Europe/Berlin", method="REQUEST"), [event(0)])


def feed_of(count: int) -> bytes:
    return serialise(new_calendar("Europe/Berlin"), [feed_entry(n) for n in range(count)])


def main() -> None:
    one_appointment()  # the time-zone block is built once per process, as in the app
    single, single_min = median_ms(one_appointment, 200)
    feed, feed_min = median_ms(lambda: feed_of(1_000), 15)
    size = len(feed_of(1_000))
    print(f"one appointment .ics: median {single:.2f} ms (min {single_min:.2f})")
    print(
        f"feed of 1,000 appointments: median {feed:.1f} ms (min {feed_min:.1f}), "
        f"{size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    main()
