"""Former intake/core/framework.py, kept only for bench_hand_written.py: it measured 8-11 %
on the landing page and the form, short of the 15 % that would pay for overriding Flask's
internals, so the app uses Flask itself.

Flask as this app uses it, without two costs Flask pays again on every request.

Neither changes what a request does; both keep, per process, something Flask rebuilds each
time although it cannot change while the process lives. Measured on the cached landing page
(0.2 ms in all), they were a sixth of it."""

from flask import Flask
from flask.sessions import SecureCookieSessionInterface

MAX_REMEMBERED = 1024


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
