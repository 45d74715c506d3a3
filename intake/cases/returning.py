"""Returning people and duplicate requests: cases with the same phone number or e-mail address.

A case keeps keyed hashes of its normalised contact (phone in E.164, e-mail in lower case), so
a new request is matched with open and recent cases without storing anything more about the
person; the hashes go with the rest of the personal data when the case is anonymised, so a
match only ever finds cases still within their retention period. What a viewer is shown goes
through the one access rule.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select

from intake.cases import access
from intake.cases.actions import OPEN_STATUSES
from intake.extensions import db
from intake.models import Case, User


@dataclass(frozen=True)
class Match:
    """Another case with the same contact, as the inbox row and the case page name it."""

    case_id: int
    reference: str
    is_open: bool
    closed_on: datetime | None
    by_phone: bool
    by_email: bool


def _match(case: Case, other: Case) -> Match:
    return Match(
        case_id=other.id,
        reference=other.reference,
        is_open=other.status in OPEN_STATUSES,
        closed_on=None if other.status in OPEN_STATUSES else (other.closed_at or other.updated_at),
        by_phone=bool(case.phone_hash) and case.phone_hash == other.phone_hash,
        by_email=bool(case.email_hash) and case.email_hash == other.email_hash,
    )


def matches_for_cases(cases: list[Case], viewer: User) -> dict[int, list[Match]]:
    """For each case, the other cases `viewer` may see with the same phone number or e-mail
    address, newest first; one query whatever the number of cases."""
    phones = {case.phone_hash for case in cases if case.phone_hash}
    emails = {case.email_hash for case in cases if case.email_hash}
    if not phones and not emails:
        return {}
    query = select(Case).where(
        Case.anonymised_at.is_(None),
        or_(Case.phone_hash.in_(phones), Case.email_hash.in_(emails)),
    )
    others = list(db.session.scalars(access.visible(query, viewer).order_by(Case.id.desc())))
    found: dict[int, list[Match]] = {}
    for case in cases:
        for other in others:
            same = (case.phone_hash and other.phone_hash == case.phone_hash) or (
                case.email_hash and other.email_hash == case.email_hash
            )
            if other.id != case.id and same:
                found.setdefault(case.id, []).append(_match(case, other))
    return found


def matches_for(case: Case, viewer: User) -> list[Match]:
    return matches_for_cases([case], viewer).get(case.id, [])


def earlier_cases(case: Case, viewer: User) -> list[Case]:
    """The person's other cases linked as "same person" (the first case of the person and
    every case linked to it), that `viewer` may see, oldest first."""
    root = case.same_person_as_id or case.id
    query = select(Case).where(
        Case.id != case.id, or_(Case.id == root, Case.same_person_as_id == root)
    )
    return list(db.session.scalars(access.visible(query, viewer).order_by(Case.created_at)))
