"""When each calendar feed last changed, for its Last-Modified header."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from intake.extensions import db
from intake.models.types import UTCDateTime


class FeedChange(db.Model):
    """The feed's fingerprint (its ETag) and the moment it was first served: a later poll
    with If-Modified-Since at or after that moment gets 304 while the fingerprint holds.
    No personal data: a key such as "counsellor:3", a hash and a time."""

    __tablename__ = "feed_change"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    tag: Mapped[str] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime())
