"""libical's own iTIP restriction check (icalrestriction_check) over .ics files, printed as
JSON {file: [problems]}. Runs under Debian's Python (python3-gi, gir1.2-ical-3.0), not the
project's virtualenv: libical's bindings come through GObject introspection."""

import json
import sys

import gi

gi.require_version("ICalGLib", "3.0")
from gi.repository import ICalGLib  # noqa: E402


def problems(component) -> list[str]:
    """The X-LIC-ERROR properties libical adds wherever a restriction fails."""
    found = []
    kind = ICalGLib.PropertyKind.XLICERROR_PROPERTY
    prop = component.get_first_property(kind)
    while prop is not None:
        found.append(prop.get_xlicerror())
        prop = component.get_next_property(kind)
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        found += problems(child)
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    return found


def check(path: str) -> list[str]:
    with open(path, encoding="utf-8") as file:
        calendar = ICalGLib.Component.new_from_string(file.read())
    passed = ICalGLib.restriction_check(calendar)
    found = problems(calendar)
    return found or ([] if passed else ["restriction check failed"])


print(json.dumps({path: check(path) for path in sys.argv[1:]}))
