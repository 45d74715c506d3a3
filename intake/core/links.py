"""Absolute links, always from the configured PUBLIC_URL and never from a request's Host."""

from flask import current_app


def absolute_url(endpoint: str, **values) -> str:
    """The address of `endpoint` as people reach the site; works outside requests (mail jobs).
    A forged Host header cannot put another site into a link we hand out."""
    path = current_app.url_map.bind("localhost").build(endpoint, values)
    return current_app.config["PUBLIC_URL"].rstrip("/") + path


def manage_url(case, token: str) -> str:
    return absolute_url("public.manage", lang=case.locale, token=token)


def check_in_url(reference: str) -> str:
    """Reception's check-in address for the QR code on confirmations: the reference only,
    no personal data; opening it needs a staff login."""
    return absolute_url("staff.arrivals.show", reference=reference)
