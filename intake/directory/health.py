"""The directory's state for /readyz: "up", "down", or "off" when none is configured."""

from intake.directory import client, settings


def directory_state() -> str:
    if not settings.configured():
        return "off"
    return "up" if client.reachable(settings.current()) else "down"
