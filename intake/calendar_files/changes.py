"""When a calendar feed's content last changed, remembered by its fingerprint (ETag)."""

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from intake.extensions import db
from intake.models import FeedChange


def changed_at(key: str, tag: str, *, now: datetime) -> datetime:
    """The moment the feed `key` first had the fingerprint `tag` (to the second, as HTTP
    dates go); a new fingerprint is remembered from `now`. Only this bookkeeping row is
    written, never anything a person sees."""
    row = db.session.get(FeedChange, key)
    if row is not None and row.tag == tag:
        return row.changed_at
    moment = now.replace(microsecond=0)
    if row is not None and moment <= row.changed_at:
        # Changed within the second last served: a later date, or a client holding the
        # old copy with that date would be told it is current.
        moment = row.changed_at + timedelta(seconds=1)
    try:
        if row is None:
            db.session.add(FeedChange(key=key, tag=tag, changed_at=moment))
        else:
            row.tag, row.changed_at = tag, moment
        db.session.commit()
    except IntegrityError:  # another poll of the same feed wrote it first: the same moment
        db.session.rollback()
    return moment
