"""A coordinator's decision on an application reaches the member once, in their language:
through the outbox after the commit, and through a real worker and SMTP server."""

from __future__ import annotations

import time
from datetime import date

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction

from accounts import tasks
from accounts.models import OutboundEmail, User
from mentorship.models import Cohort, Programme, Side
from mentorship.services import programmes as programme_services
from mentorship.services.errors import MentorshipError
from tests import factories

TRANSACTIONAL = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _application(member: User, **programme_fields):
    peer = factories.programme(name="Peer managers", **programme_fields)
    return factories.enrol(member=member, programme=peer, side=Side.MENTOR, accepted=False)


def test_an_accepted_member_is_told_once_with_the_matching_date(bob, coordinator, deliver):
    enrolment = _application(bob, sessions_expected=8)
    Cohort.objects.filter(pk=enrolment.cohort_id).update(matching_on=date(2027, 3, 1))
    programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=True)
    with pytest.raises(MentorshipError):
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=False)
    sent = [m for m in deliver() if m.to == ["bob@example.org"]]
    assert len(sent) == 1
    assert sent[0].subject == "You are in: Peer managers"
    assert "accepted you as a mentor in Peer managers (Spring)" in sent[0].body
    assert "Matching takes place on 1 March 2027" in sent[0].body
    assert "8 sessions over the term" in sent[0].body
    assert deliver() == sent, "a second sending run finds nothing left"


def test_a_declined_member_is_told_kindly_and_pointed_to_other_programmes(
    bob, coordinator, deliver
):
    enrolment = _application(bob)
    programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=False)
    (sent,) = [m for m in deliver() if m.to == ["bob@example.org"]]
    assert sent.subject == "Your application to Peer managers"
    assert "Thank you for applying to Peer managers (Spring)" in sent.body
    assert "it says nothing about what you bring" in sent.body
    assert "/programmes/" in sent.body


def test_the_decision_is_written_in_the_members_language(bob, coordinator):
    User.objects.filter(pk=bob.pk).update(language="cy")
    bob.refresh_from_db()
    enrolment = _application(bob, intake=Programme.Intake.ROLLING)
    programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=True)
    email = OutboundEmail.objects.get(kind="enrolment-decision")
    assert '<html lang="cy">' in email.body_html
    assert email.recipient == bob and email.key == f"enrolment-decision:{enrolment.pk}:{bob.pk}"


def test_no_email_is_queued_for_a_decision_that_is_rolled_back(bob, coordinator, deliver):
    enrolment = _application(bob)

    @transaction.atomic
    def decide_then_fail() -> None:
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=coordinator, accept=True)
        raise RuntimeError("the coordinator's request failed after deciding")

    with pytest.raises(RuntimeError):
        decide_then_fail()
    assert not OutboundEmail.objects.filter(kind="enrolment-decision").exists()
    assert deliver() == []


@TRANSACTIONAL
def test_a_worker_delivers_the_decision_once_after_the_commit(broker, smtp_server):
    member = factories.mentor(email="bob@example.org", name="Bob Bevan")
    lead = factories.coordinator(email="lead@example.org")
    enrolment = _application(member)
    with start_worker(
        tasks.send_email.app, pool="solo", perform_ping_check=False, shutdown_timeout=10
    ):
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=lead, accept=True)
        smtp_server.wait_for(1)
        tasks.sweep_outbox.delay()  # a sweep after the fact finds nothing left to send
        time.sleep(1)
    (message,) = smtp_server.to("bob@example.org")
    assert b"You are in: Peer managers" in message
    assert OutboundEmail.objects.get(kind="enrolment-decision").status == "sent"
