"""Benchmark: open_slots over 90 days for 10 counsellors with 5,000 existing appointments."""

import random
import statistics
import sys
import time as clock
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

# Runnable as a plain script from anywhere: the repository root must be importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from intake.availability.engine import (  # noqa: E402
    BERLIN,
    BookingRules,
    Closure,
    CounsellorTime,
    Interval,
    WeeklyWindow,
    open_slots,
    saxony_holidays,
)

SEED = 20260601
DAYS = 90
COUNSELLORS = 10
APPOINTMENTS = 5_000
ABSENCES = 20
CLOSURES = 10
REPETITIONS = 30
FIRST_DAY = date(2026, 6, 1)
LAST_DAY = FIRST_DAY + timedelta(days=DAYS - 1)
NOW = datetime(2026, 5, 31, 9, 0, tzinfo=BERLIN)
RULES = BookingRules(horizon=timedelta(days=DAYS + 1))
LANGUAGES = ("de", "en", "ar", "uk", "ru", "fa", "tr")


def _windows() -> tuple[WeeklyWindow, ...]:
    hours = ((time(8), time(12)), (time(13), time(16)))
    return tuple(WeeklyWindow(day, start, end) for day in range(4) for start, end in hours)


def _local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _random_day(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(DAYS))


def _appointment(rng: random.Random) -> Interval:
    start = _local(_random_day(rng), rng.randrange(8, 16), rng.choice((0, 30)))
    return Interval(start, start + timedelta(minutes=rng.choice((30, 60))))


def _absence(rng: random.Random) -> Interval:
    start = _local(_random_day(rng), rng.randrange(7, 15), rng.randrange(60))
    return Interval(start, start + timedelta(hours=rng.randrange(1, 30)))


def build() -> tuple[list[CounsellorTime], list[Closure]]:
    """The fixed data set: same seed, same data."""
    rng = random.Random(SEED)  # noqa: S311 - reproducible test data, not a secret
    busy: list[list[Interval]] = [[] for _ in range(COUNSELLORS)]
    for _ in range(APPOINTMENTS):
        busy[rng.randrange(COUNSELLORS)].append(_appointment(rng))
    absent: list[list[Interval]] = [[] for _ in range(COUNSELLORS)]
    for _ in range(ABSENCES):
        absent[rng.randrange(COUNSELLORS)].append(_absence(rng))
    counsellors = [
        CounsellorTime(
            counsellor_id=index + 1,
            languages=frozenset(rng.sample(LANGUAGES, 2)),
            windows=_windows(),
            absences=tuple(absent[index]),
            busy=tuple(busy[index]),
        )
        for index in range(COUNSELLORS)
    ]
    closures = [
        Closure(_random_day(rng)) if index % 2 else Closure(_random_day(rng), time(13), time(16))
        for index in range(CLOSURES)
    ]
    return counsellors, closures


def main() -> None:
    """Time open_slots and print median and minimum in milliseconds."""
    counsellors, closures = build()
    holidays = saxony_holidays({FIRST_DAY.year, LAST_DAY.year})

    def run() -> int:
        slots = open_slots(
            counsellors,
            first_day=FIRST_DAY,
            last_day=LAST_DAY,
            closures=closures,
            holidays=holidays,
            rules=RULES,
            now=NOW.astimezone(UTC),
        )
        return len(slots)

    count = run()
    timings = []
    for _ in range(REPETITIONS):
        started = clock.perf_counter()
        run()
        timings.append((clock.perf_counter() - started) * 1000)
    print(
        f"open_slots: {DAYS} days, {COUNSELLORS} counsellors, {APPOINTMENTS} appointments, "
        f"{REPETITIONS} runs"
    )
    print(f"median {statistics.median(timings):.2f} ms, min {min(timings):.2f} ms")
    print(f"{count} open slots")


if __name__ == "__main__":
    main()
