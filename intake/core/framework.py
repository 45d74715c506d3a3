"""Flask as this app uses it, without two costs Flask pays again on every request.

Neither changes what a request does; both keep, per process, something Flask rebuilds each
time although it cannot change while the process lives. Measured on the cached landing page
(0.2 ms in all), they were a sixth of it."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from werkzeug.routing import IntegerConverter

MAX_REMEMBERED = 1024
# The largest id a table holds (PostgreSQL's integer); a larger one in a path is no row.
LARGEST_ID = 2**31 - 1


class DatabaseId(IntegerConverter):
    """`<int:...>` in every route: a number no id column can hold matches no route (404),
    instead of reaching the database and overflowing there (500)."""

    def __init__(self, map, fixed_digits=0, min=None, max=LARGEST_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class SessionCookies(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key set
    instead of twice per request (to read the cookie and to write it)."""

    def __init__(self):
        self._serializers = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, *(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:  # replaced whole, so a thread never sees half a change
            serializer = super().get_signing_serializer(app)
            self._serializers = {keys: serializer}
        return serializer


class IntakeFlask(Flask):
    """Flask asks of every hook and view on every request whether it is a coroutine (sixteen
    `inspect` calls for a page); the answer for a function never changes."""

    session_interface = SessionCookies()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._sync_versions = {}
        self.url_map.converters["int"] = DatabaseId

    def ensure_sync(self, func):
        try:
            return self._sync_versions[func]
        except KeyError:
            if len(self._sync_versions) >= MAX_REMEMBERED:  # callables made per request
                self._sync_versions.clear()
            wrapped = super().ensure_sync(func)
            self._sync_versions[func] = wrapped
            return wrapped
        except TypeError:  # an unhashable callable: ask Flask each time
            return super().ensure_sync(func)
