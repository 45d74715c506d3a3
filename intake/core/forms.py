"""Rules every form shares: a field takes one value; the same name twice is an error."""

from flask import request


def has_repeated_values(form, *, multi: tuple[str, ...] = ()) -> bool:
    """True when a single-valued field of `form` arrived more than once ("last one wins"
    would silently pick one of two values)."""
    return any(len(request.form.getlist(name)) > 1 for name in form._fields if name not in multi)
