"""`flask purge`: personal data goes after its period, statistics stay; exports and erasure."""

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from intake.core import preferred_periods
from intake.models import AuditEvent, Case, CaseNote, CaseTopic, OutboxMessage, Role
from intake.models.audit import record
from tests.helpers import NOW, book_by_api, manage_path

PERSONAL = (
    "name",
    "email",
    "phone",
    "description",
    "preferred_times",
    "preferred_periods",
    "accessibility_needs",
)
GONE = (None,) * len(PERSONAL)


@pytest.fixture
def cases(db, make_case, frozen_now):
    """One case of each kind, each a day past (or a day short of) its period."""
    made = {
        "closed_old": make_case(status="closed", closed_at=NOW - timedelta(days=184)),
        "closed_recent": make_case(status="closed", closed_at=NOW - timedelta(days=182)),
        "cancelled_old": make_case(status="cancelled", closed_at=NOW - timedelta(days=31)),
        "declined_recent": make_case(status="declined", closed_at=NOW - timedelta(days=29)),
        "unanswered_old": make_case(status="new", created_at=NOW - timedelta(days=31)),
        "open_recent": make_case(status="new", created_at=NOW - timedelta(days=2)),
    }
    for case in made.values():
        case.description, case.phone = "PRIVATE-STORY", "+493511234567"
        case.accessibility_needs, case.preferred_times = "Rollstuhl", "vormittags"
        case.preferred_periods = preferred_periods.to_mask(["mon_morning"])
        db.session.add(CaseNote(case_id=case.id, body="PRIVATE-NOTE"))
        record("case_viewed", obj=case, detail="named Amina")
    db.session.add(AuditEvent(action="login", at=NOW - timedelta(days=731)))
    db.session.commit()
    return made


def personal(db, case) -> tuple:
    db.session.refresh(case)
    return tuple(getattr(case, field) for field in PERSONAL)


def test_purge_anonymises_exactly_the_cases_past_their_period(runner, db, cases):
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    gone = {name for name, case in cases.items() if personal(db, case) == GONE}
    assert gone == {"closed_old", "cancelled_old", "unanswered_old"}
    for name in gone:
        assert cases[name].reference in result.output
    assert "deleted 1 audit row(s)" in result.output
    notes = db.session.scalars(select(CaseNote.case_id)).all()
    assert cases["closed_old"].id not in notes
    assert cases["closed_recent"].id in notes


def test_statistics_survive_the_purge(runner, db, cases):
    before = db.session.execute(
        select(Case.status, Case.talk_language, Case.channel, Case.mode, Case.created_at).order_by(
            Case.id
        )
    ).all()
    topics = db.session.scalar(select(func.count()).select_from(CaseTopic))
    runner.invoke(args=["purge"])
    after = db.session.execute(
        select(Case.status, Case.talk_language, Case.channel, Case.mode, Case.created_at).order_by(
            Case.id
        )
    ).all()
    assert after == before
    assert db.session.scalar(select(func.count()).select_from(CaseTopic)) == topics


def test_purge_clears_audit_details_of_anonymised_cases(runner, db, cases):
    runner.invoke(args=["purge"])
    old = cases["closed_old"]
    details = db.session.scalars(
        select(AuditEvent.detail).where(
            AuditEvent.case_id == old.id, AuditEvent.action == "case_viewed"
        )
    ).all()
    assert details == [""]


def test_dry_run_changes_nothing_and_says_what_it_would_do(runner, db, cases):
    result = runner.invoke(args=["purge", "--dry-run"])
    assert "would anonymise 1 closed case(s)" in result.output
    assert all(personal(db, case)[0] == "Amina" for case in cases.values())


def test_purge_is_idempotent(runner, db, cases):
    runner.invoke(args=["purge"])
    second = runner.invoke(args=["purge"])
    assert "anonymised 0 closed case(s)" in second.output
    assert "deleted 0 audit row(s)" in second.output


def test_purge_scrubs_the_outbox_of_an_anonymised_case(runner, db, client, office):
    answer = book_by_api(client)
    case = db.session.scalar(select(Case).where(Case.reference == answer["reference"]))
    case.status, case.closed_at = "closed", NOW - timedelta(days=200)
    db.session.commit()
    runner.invoke(args=["purge"])
    messages = db.session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    for message in messages:
        assert message.recipient == ""
        assert message.body_text == ""
        assert message.status == "failed"
    assert client.get(manage_path(answer)).status_code == 404


def test_lead_exports_everything_stored_about_a_person_and_it_is_audited(
    client, db, auth, make_case
):
    chosen = preferred_periods.to_mask(["tue_afternoon", "fri_morning"])
    case = make_case(
        description="Meine Geschichte", phone="+493511234567", preferred_periods=chosen
    )
    db.session.add(CaseNote(case_id=case.id, body="Notiz"))
    db.session.commit()
    lead = auth.login_as(Role.LEAD)
    response = client.post(f"/staff/cases/{case.id}/export")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="case-{case.id}.json"'
    data = json.loads(response.get_data(as_text=True))
    assert data["name"] == "Amina"
    assert data["description"] == "Meine Geschichte"
    assert data["preferred_periods"] == ["tue_afternoon", "fri_morning"]
    assert data["notes"][0]["text"] == "Notiz"
    assert response.headers["Cache-Control"] == "no-store"
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case_exported"))
    assert (event.actor_id, event.case_id, event.detail) == (lead.id, case.id, "")


def test_lead_erases_a_case_at_once_keeping_statistics(client, db, auth, make_case):
    case = make_case(description="Meine Geschichte", status="in_progress")
    lead = auth.login_as(Role.LEAD)
    refused = client.post(f"/staff/cases/{case.id}/erase", data={"confirm": "wrong"})
    assert refused.status_code == 303
    assert personal(db, case)[0] == "Amina"
    client.post(f"/staff/cases/{case.id}/erase", data={"confirm": case.reference})
    assert personal(db, case) == GONE
    assert case.status == "in_progress"
    assert case.topic_codes == ["work"]
    erased = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "case_erased"))
    assert [e.actor_id for e in erased] == [lead.id]


def test_counsellors_cannot_export_or_erase(client, auth, make_case):
    case = make_case()
    auth.login_as(Role.COUNSELLOR)
    assert client.post(f"/staff/cases/{case.id}/export").status_code == 403
    assert client.post(f"/staff/cases/{case.id}/erase").status_code == 403


def test_requester_withdraws_and_erases_through_the_manage_link_in_their_language(
    client, db, office
):
    answer = book_by_api(client, accept_language="ar")
    path = manage_path(answer).replace("/de/", "/ar/")
    ask = client.get(path + "/erase")
    assert ask.status_code == 200
    assert 'dir="rtl"' in ask.get_data(as_text=True)
    case = db.session.scalar(select(Case).where(Case.reference == answer["reference"]))
    assert personal(db, case)[0] == "Amina", "asking changes nothing"
    done = client.post(path + "/erase")
    assert done.status_code == 303
    assert done.headers["Location"] == "/ar/erased"
    assert personal(db, case) == GONE
    assert case.status == "cancelled"
    assert all(a.status == "cancelled" for a in case.appointments)
    assert client.get(path).status_code == 404
    unsent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.case_id == case.id))
    assert all(m.recipient == "" and m.status in ("failed", "sent") for m in unsent)
