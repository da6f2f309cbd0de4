"""The reminder sweeps' emails, byte for byte: subject, bodies, headers and attachments of every
kind a sweep sends, in English and in Welsh, against files kept in tests/fixtures/emails.

The data is fixed (primary keys, names, time zones, the clock, the secret key), so the same
emails come out on every run and database. After a deliberate change to what an email says,
write the files again with `UPDATE_GOLDEN_EMAILS=1 pytest tests/notifications/test_reminder_emails_golden.py`
and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import MemberProfile, OutboundEmail, User
from mentorship import ics
from mentorship.models import Mentorship, Session
from mentorship.models.relationship import default_cohort_id
from mentorship.services import reminders
from tests import factories

GOLDEN = Path(__file__).resolve().parents[1] / "fixtures" / "emails"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SITE_URL = "https://mentoring.example.coop"


def _member(pk: int, email: str, name: str, *, role: str, language: str = "", **profile) -> User:
    user = factories.user(email=email, name=name, id=pk, language=language)
    data = {"name": name, "role": role, "organisation_name": f"{name}'s Co-op", **profile}
    if role == MemberProfile.Role.MENTOR:
        data.update(skills_offered=factories.skills("Bookkeeping"), goals="", skills_wanted=[])
    services.profile_save(user=user, data=factories.profile_data(**data))
    return user


def _lead_coordinator(pk: int, email: str, *, language: str = "") -> User:
    user = factories.user(email=email, name="Coordinator", id=pk, language=language, is_staff=True)
    user.groups.add(*Group.objects.filter(name__in=["Coordinators", "Lead coordinators"]))
    return user


def _pair(pk: int, mentor: User, mentee: User) -> Mentorship:
    return Mentorship.objects.create(
        pk=pk,
        mentor=mentor,
        mentee=mentee.profile.mentee_profile,
        cohort_id=default_cohort_id(),
        status=Mentorship.Status.ACTIVE,
        approved_at=NOW - timedelta(days=200),
        ends_on=(NOW + timedelta(days=90)).date(),
    )


def _session(pk: int, pair: Mentorship, *, starts: timedelta, **fields) -> Session:
    fields.setdefault("format", Session.Format.REMOTE)
    fields.setdefault("duration_minutes", 60)
    return Session.objects.create(pk=pk, mentorship=pair, starts_at=NOW + starts, **fields)


@pytest.fixture
def programme_with_every_reminder_due(db, settings, monkeypatch):
    """Three pairs with a session reminder, log reminders, confirmation reminders and an
    inactivity nudge (with coordinator alerts) due at NOW, among members who read English or
    Welsh, in two time zones, one of whom switched session reminders off. Alice's group has two
    members in each language, so some emails to several people differ only in the name."""
    settings.SECRET_KEY = "golden-emails-not-secret"
    settings.SITE_URL = SITE_URL
    monkeypatch.setattr(ics, "_HOST", "mentoring.example.coop")  # read once, at import
    bob = _member(7001, "bob@example.org", "Bob Bevan", role=MemberProfile.Role.MENTOR)
    alice = _member(7002, "alice@example.org", "Alice Ahmed", role=MemberProfile.Role.MENTEE,
                    language="cy", group_name="Riverside founders")  # fmt: skip
    carol = factories.user(email="carol@example.org", name="<Carol> O'Brien", id=7003,
                           language="en-gb", muted_notifications=["session-reminder"])  # fmt: skip
    dewi = factories.user(email="dewi@example.org", name="Dewi ap Siôn", id=7009, language="cy")
    for cofounder in (carol, dewi):
        invitation = factories.invitation(inviter=alice, email=cofounder.email)
        services.group_invitation_accept(token=invitation.token, user=cofounder)
    gwen = _member(7004, "gwen@example.org", "Gwen Griffiths", role=MemberProfile.Role.MENTOR,
                   language="cy")  # fmt: skip
    dai = _member(7005, "dai@example.org", "Dai <Jones> & Co", role=MemberProfile.Role.MENTEE,
                  time_zone="America/Toronto")  # fmt: skip
    eira = _member(7006, "eira@example.org", "Eira Evans", role=MemberProfile.Role.MENTEE,
                   language="cy")  # fmt: skip
    _lead_coordinator(7007, "lead@example.org")
    _lead_coordinator(7008, "arweinydd@example.org", language="cy")

    riverside, bont, quiet = _pair(7101, bob, alice), _pair(7102, gwen, dai), _pair(7103, bob, eira)
    _session(7201, riverside, starts=timedelta(hours=5), duration_minutes=90,
             link="https://meet.example.org/abc?x=1&y=2",
             agenda="Accounts & O'Brien's <budget>\nThen: the AGM; rules, minutes")  # fmt: skip
    _session(7202, bont, starts=timedelta(hours=20), format=Session.Format.IN_PERSON,
             place="Caffi'r Bont, Stryd Fawr")  # fmt: skip
    _session(7203, riverside, starts=-timedelta(hours=30))
    _session(7204, bont, starts=-timedelta(hours=80))
    for pk, pair in ((7205, riverside), (7206, bont)):
        _session(pk, pair, starts=-timedelta(days=5), status=Session.Status.LOGGED,
                 logged_at=NOW - timedelta(days=4), summary="Done")  # fmt: skip
    _session(7207, quiet, starts=-timedelta(days=50), status=Session.Status.CONFIRMED)
    OutboundEmail.objects.all().delete()  # the invitation's


def _as_stored(email: dict) -> dict:
    return {**email, "headers": dict(sorted(email["headers"].items()))}


def _golden_name(key: str) -> str:
    return key.replace(":", "_") + ".json"


def test_every_reminder_email_is_as_it_was_byte_for_byte(
    programme_with_every_reminder_due, time_machine
):
    time_machine.move_to(NOW, tick=False)
    queued = reminders.sweep_all(NOW)
    assert queued == {
        "session_reminders": 6,
        "log_reminders": 3,
        "confirm_reminders": 4,
        "inactivity": 2,  # the nudges; the two coordinators' alerts are not counted
    }
    fields = ["key", "kind", "to", "about", "status", "subject", "headers", "body_text",
              "body_html", "attachments"]  # fmt: skip
    emails = {e["key"]: _as_stored(e) for e in OutboundEmail.objects.values(*fields)}
    languages = {e["kind"]: set() for e in emails.values()}
    for email in emails.values():
        languages[email["kind"]].add("cy" if 'lang="cy"' in email["body_html"] else "en")
    assert all(found == {"cy", "en"} for found in languages.values()), languages

    if os.environ.get("UPDATE_GOLDEN_EMAILS"):
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for old in GOLDEN.glob("*.json"):
            old.unlink()
        for key, email in emails.items():
            text = json.dumps(email, ensure_ascii=False, indent=1) + "\n"
            (GOLDEN / _golden_name(key)).write_text(text, encoding="utf-8")
    kept = {path.name for path in GOLDEN.glob("*.json")}
    assert kept == {_golden_name(key) for key in emails}
    for key, email in emails.items():
        expected = json.loads((GOLDEN / _golden_name(key)).read_text(encoding="utf-8"))
        assert email == expected, key
