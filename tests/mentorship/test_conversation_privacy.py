"""What the outbox keeps of a conversation: coordinators see that an email went, not its words,
and an author who deletes their account takes their words out of the emails too."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import admin
from django.urls import reverse

from accounts import privacy
from accounts.models import OutboundEmail
from mentorship.admin.relationship import ConcernAdmin
from mentorship.models import Concern
from mentorship.services import conversations

START = datetime(2026, 5, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _emails_of(pair, by, text: str, time_machine) -> list[OutboundEmail]:
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=by, text=text)
    time_machine.move_to(START + timedelta(minutes=15), tick=False)
    conversations.conversation_emails_send()
    return list(OutboundEmail.objects.filter(kind="conversation"))


def test_a_coordinator_sees_a_conversation_email_was_sent_but_not_what_it_says(
    pair, alice, coordinator_client, time_machine
):
    [email, *_] = _emails_of(pair, alice, "Our plan for the bakery's shares", time_machine)
    assert "bakery's shares" in email.body_text  # the email itself carries the message

    url = reverse("admin:accounts_outboundemail_change", args=[email.pk])
    page = coordinator_client.get(url).content.decode()
    assert email.to in page
    assert "shares" not in page

    reminder = OutboundEmail.objects.create(
        key="reminder:test",
        kind="session-reminder",
        recipient=alice,
        to=alice.email,
        subject="Your session tomorrow",
        body_text="See you at ten in the bakery",
    )
    shown = coordinator_client.get(
        reverse("admin:accounts_outboundemail_change", args=[reminder.pk])
    ).content.decode()
    assert "See you at ten in the bakery" in shown  # other kinds still show what they said


def test_deleting_an_account_empties_the_emails_that_carried_its_messages(
    pair, alice, bob, time_machine
):
    emails = _emails_of(pair, alice, "Something personal from alice", time_machine)
    assert emails and all("personal" in e.body_text for e in emails)
    OutboundEmail.objects.filter(pk=emails[0].pk).update(status=OutboundEmail.Status.SENT)

    privacy.account_delete(user=alice)

    left = OutboundEmail.objects.filter(kind="conversation")
    assert [e.pk for e in left] == [emails[0].pk]  # the sent one stays, emptied; unsent ones go
    assert "personal" not in left[0].body_text + left[0].body_html


def test_a_message_attached_to_a_concern_shows_its_time_in_the_programmes_time_zone(
    pair, bob, alice, time_machine
):
    summer = datetime(2026, 7, 1, 14, 30, tzinfo=ZoneInfo("Europe/London"))  # 13:30 UTC
    time_machine.move_to(summer, tick=False)
    message = conversations.message_post(mentorship=pair, by=bob, text="A remark")
    concern = Concern.objects.create(mentorship=pair, raised_by=alice, text="x", message=message)
    assert "2026-07-01 14:30" in ConcernAdmin(Concern, admin.site).attached_message(concern)
