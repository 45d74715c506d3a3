"""The waiting list: requests without a fitting time wait, and freed slots are offered to the
longest-waiting ones that fit (language, interpreter, mode, and the weekday and part of day
the request named, if it named any: intake.core.preferred_periods).

A slot counts as freed for a request when the matching first saw it free after the request
came in: this covers cancellations, moves, new working hours and removed absences alike,
without a hook in each of them. `offer_slots` is idempotent and safe to run twice at once.
"""
