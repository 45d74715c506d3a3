"""Staff accounts: counsellors and the office lead, with the languages each speaks."""

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import BigInteger, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from intake.extensions import db
from intake.models.types import UTCDateTime, utcnow


class Role(enum.StrEnum):
    COUNSELLOR = "counsellor"
    LEAD = "lead"


class AccountSource(enum.StrEnum):
    """Where an account's password is checked, and who owns its name, e-mail and role."""

    LOCAL = "local"
    DIRECTORY = "directory"


def new_session_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        Index("uq_staff_user_account_source", "account_source", "external_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.COUNSELLOR)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # A lead who also counsels (common in small offices) takes appointments too.
    takes_appointments: Mapped[bool] = mapped_column(default=True)
    offers_phone: Mapped[bool] = mapped_column(default=True)
    offers_video: Mapped[bool] = mapped_column(default=True)
    # Changes on logout, password change and deactivation, which kills every copied cookie.
    session_token: Mapped[str] = mapped_column(String(64), unique=True, default=new_session_token)
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Second factor: the TOTP secret, set on enrolment and in force once confirmed with a code;
    # recovery codes are stored as a JSON list of hashes, each struck out once used.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recovery_codes: Mapped[str | None] = mapped_column(Text)
    # A directory account: its DN; name, e-mail, role (and languages) are the directory's.
    account_source: Mapped[str] = mapped_column(
        String(20), default=AccountSource.LOCAL, server_default=AccountSource.LOCAL.value
    )
    external_id: Mapped[str | None] = mapped_column(String(512))
    # When the directory last confirmed the account; open sessions are checked again after
    # LDAP_RECHECK_MINUTES.
    source_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the directory said the person left (removed, disabled, in no group of intake).
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The newest TOTP time step a code was accepted for: a code never works twice.
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)
    # The one-time link that (re-)enrols the second factor: only its hash is kept.
    enrolment_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)
    enrolment_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    languages: Mapped[list["StaffLanguage"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="StaffLanguage.language"
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    @property
    def is_directory_account(self) -> bool:
        return self.account_source == AccountSource.DIRECTORY

    @property
    def is_lead(self) -> bool:
        return self.role == Role.LEAD

    @property
    def modes(self) -> frozenset[str]:
        """The consultation modes this person offers; in person always."""
        offered = {"in_person"}
        if self.offers_phone:
            offered.add("phone")
        if self.offers_video:
            offered.add("video")
        return frozenset(offered)

    @property
    def language_codes(self) -> list[str]:
        return [entry.language for entry in self.languages]

    @property
    def has_second_factor(self) -> bool:
        return self.totp_confirmed_at is not None

    def get_id(self) -> str:
        return self.session_token

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.end_sessions()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def end_sessions(self) -> None:
        self.session_token = new_session_token()

    def set_languages(self, codes: list[str]) -> None:
        self.languages = [StaffLanguage(language=code) for code in dict.fromkeys(codes)]


class StaffLanguage(db.Model):
    __tablename__ = "staff_language"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("staff_user.id", ondelete="CASCADE"), primary_key=True
    )
    language: Mapped[str] = mapped_column(String(12), primary_key=True)

    user: Mapped[User] = relationship(back_populates="languages")
