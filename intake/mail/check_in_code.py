"""The check-in code on confirmations: a QR code of reception's check-in address."""

import segno

from intake.core.links import check_in_url
from intake.models import Appointment, Mode

# Confirmations of a time at the office; the person shows the code at reception.
KINDS_WITH_CODE = frozenset({"received", "confirmed", "moved"})


def wants_code(kind: str, appointment: Appointment | None) -> bool:
    return (
        kind in KINDS_WITH_CODE and appointment is not None and appointment.mode == Mode.IN_PERSON
    )


def png_data_uri(reference: str) -> str:
    """A small PNG inside the mail itself: nothing is loaded from elsewhere when it opens."""
    return segno.make(check_in_url(reference), error="m").png_data_uri(scale=4)


def svg(reference: str) -> str:
    return segno.make(check_in_url(reference), error="m").svg_inline(scale=4, title="QR")
