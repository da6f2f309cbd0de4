"""The pair's conversation: every member of the pair reads and writes it, nobody else does;
unread counts; the batched email; a message attached to a concern; account deletion."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts import outbox, privacy
from accounts.models import OutboundEmail
from mentorship.admin.relationship import ConcernAdmin
from mentorship.models import Concern, Message
from mentorship.selectors import conversations as conversations_selectors
from mentorship.services import conversations, relationship
from tests import factories

START = datetime(2026, 5, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def _url(pair) -> str:
    return reverse("mentorship:conversation", args=[pair.pk])


def _post(client, pair, text: str):
    return client.post(_url(pair), {"text": text})


def test_the_mentor_and_every_cofounder_read_and_write_the_conversation(
    pair, alice_client, bob_client, carol_client
):
    assert _post(alice_client, pair, "Hello Bob, when suits you?").status_code == 302
    assert _post(bob_client, pair, "Tuesday at ten?").status_code == 302
    assert _post(carol_client, pair, "Tuesday works for me too").status_code == 302

    for client in (alice_client, bob_client, carol_client):
        page = client.get(_url(pair)).text
        assert page.index("Hello Bob") < page.index("Tuesday at ten?") < page.index("works for me")
    assert [m.author.email for m in pair.messages.all()] == [
        "alice@example.org",
        "bob@example.org",
        "carol@example.org",
    ]


def test_another_pair_and_a_coordinator_can_neither_read_nor_write_the_conversation(
    pair, other_pair, alice_client, dave_client, coordinator_client
):
    _post(alice_client, pair, "Only for us")
    for client in (dave_client, coordinator_client):
        assert client.get(_url(pair)).status_code == 404
        assert _post(client, pair, "Let me in").status_code == 404
    assert list(Message.objects.values_list("text", flat=True)) == ["Only for us"]


def test_markup_in_a_message_is_escaped_and_its_links_made_clickable_without_follow(
    pair, alice_client, bob_client
):
    _post(alice_client, pair, '<script>alert("x")</script> see https://example.org/plan')
    page = bob_client.get(_url(pair)).text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<a href="https://example.org/plan" rel="nofollow">https://example.org/plan</a>' in page


def test_the_page_shows_the_last_fifty_and_links_to_the_earlier_ones(pair, alice, bob_client):
    for n in range(60):
        conversations.message_post(mentorship=pair, by=alice, text=f"Note number {n:02d}.")
    page = bob_client.get(_url(pair)).text
    assert "Note number 59." in page and "Note number 10." in page
    assert "Note number 09." not in page
    tenth = Message.objects.get(text="Note number 10.")
    earlier = bob_client.get(_url(pair), {"before": tenth.pk}).text
    assert "Note number 00." in earlier and "Note number 09." in earlier
    assert "Note number 10." not in earlier


def test_unread_counts_show_on_the_dashboard_and_fall_to_zero_once_read(
    pair, alice, alice_client, bob, bob_client, carol_client
):
    _post(alice_client, pair, "One")
    _post(carol_client, pair, "Two")
    assert conversations_selectors.unread_count(bob, pair) == 2
    assert conversations_selectors.unread_count(alice, pair) == 1  # carol's; alice wrote the other
    assert "2 unread messages" in bob_client.get(reverse("mentorship:dashboard")).text
    assert (
        "Read 2 new messages" in bob_client.get(reverse("mentorship:detail", args=[pair.pk])).text
    )

    bob_client.get(_url(pair))

    assert conversations_selectors.unread_count(bob, pair) == 0
    assert "unread message" not in bob_client.get(reverse("mentorship:dashboard")).text
    assert conversations_selectors.unread_count(alice, pair) == 1


def test_a_finished_mentorship_keeps_its_messages_readable_but_closed(
    pair, alice, bob, alice_client
):
    _post(alice_client, pair, "Thank you for everything")
    relationship.mentorship_end(mentorship_id=pair.pk, by=bob, reason="Done")
    page = alice_client.get(_url(pair))
    assert page.status_code == 200 and "Thank you for everything" in page.text
    _post(alice_client, pair, "One more")
    assert pair.messages.count() == 1


# -- the batched email --------------------------------------------------------------------


def _conversation_emails(mailoutbox) -> list:
    return [m for m in mailoutbox if "message" in m.subject.lower()]


def test_three_messages_within_fifteen_minutes_make_one_email_with_all_three(
    pair, alice, carol, bob, deliver, mailoutbox, time_machine
):
    time_machine.move_to(START, tick=False)
    deliver()
    mailoutbox.clear()
    for minute, text in [(0, "First thought"), (5, "Second thought"), (12, "Third thought")]:
        time_machine.move_to(START + timedelta(minutes=minute), tick=False)
        conversations.message_post(mentorship=pair, by=alice, text=text)
        conversations.conversation_emails_send()
        assert _conversation_emails(deliver()) == []

    time_machine.move_to(START + timedelta(minutes=15), tick=False)
    assert conversations.conversation_emails_send() == 2  # bob and carol; not alice herself
    assert conversations.conversation_emails_send() == 0  # a second run sends nothing more
    sent = _conversation_emails(deliver())
    assert sorted(m.to[0] for m in sent) == ["bob@example.org", "carol@example.org"]
    for email in sent:
        for text in ("First thought", "Second thought", "Third thought"):
            assert text in email.body
            assert text in email.alternatives[0][0]
        assert _url(pair) in email.body


def test_the_next_email_waits_fifteen_minutes_after_the_last_and_repeats_no_message(
    pair, alice, bob, deliver, mailoutbox, time_machine
):
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Early message")
    time_machine.move_to(START + timedelta(minutes=15), tick=False)
    conversations.conversation_emails_send()
    time_machine.move_to(START + timedelta(minutes=16), tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Later message")

    time_machine.move_to(START + timedelta(minutes=29), tick=False)
    conversations.conversation_emails_send()
    to_bob = OutboundEmail.objects.filter(kind="conversation", recipient=bob).order_by("pk")
    assert to_bob.count() == 1

    time_machine.move_to(START + timedelta(minutes=31), tick=False)
    conversations.conversation_emails_send()
    assert to_bob.count() == 2
    assert "Later message" in to_bob.last().body_text
    assert "Early message" not in to_bob.last().body_text


def test_messages_read_on_the_site_are_not_emailed(
    pair, alice, bob_client, deliver, mailoutbox, time_machine
):
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Read me online")
    bob_client.get(_url(pair))
    time_machine.move_to(START + timedelta(minutes=20), tick=False)
    conversations.conversation_emails_send()
    assert not OutboundEmail.objects.filter(kind="conversation", recipient__email="bob@example.org")


def test_a_member_who_switched_message_emails_off_gets_none(pair, alice, bob, time_machine):
    outbox.notification_mute(user=bob, kind="conversation")
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Muted")
    time_machine.move_to(START + timedelta(minutes=20), tick=False)
    conversations.conversation_emails_send()
    email = OutboundEmail.objects.get(kind="conversation", recipient=bob)
    assert email.status == OutboundEmail.Status.SKIPPED


# -- concerns, deletion and export ---------------------------------------------------------


def test_a_member_attaches_a_message_to_a_concern_and_only_then_coordinators_read_it(
    pair, bob, alice_client, coordinator
):
    message = conversations.message_post(mentorship=pair, by=bob, text="An unkind remark")
    form = alice_client.get(reverse("mentorship:concern", args=[pair.pk]), {"message": message.pk})
    assert "An unkind remark" in form.text
    response = alice_client.post(
        reverse("mentorship:concern", args=[pair.pk]),
        {"text": "This upset me", "message": message.pk},
    )
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.message == message
    shown = ConcernAdmin(Concern, admin.site).attached_message(concern)
    assert "An unkind remark" in shown and "Bob Bevan" in shown


def test_a_concern_cannot_carry_a_message_of_another_pair(pair, other_pair, alice_client, dave):
    theirs = conversations.message_post(mentorship=other_pair, by=dave, text="Not yours")
    response = alice_client.post(
        reverse("mentorship:concern", args=[pair.pk]), {"text": "Worry", "message": theirs.pk}
    )
    assert response.status_code == 200
    assert str(relationship.MESSAGE_NOT_IN_MENTORSHIP) in response.text.replace("&#x27;", "'")
    assert not Concern.objects.exists()


def test_deleting_an_account_empties_its_messages_and_the_export_holds_its_own(
    pair, alice, bob, bob_client
):
    conversations.message_post(mentorship=pair, by=alice, text="From alice, personal")
    conversations.message_post(mentorship=pair, by=bob, text="From bob")
    exported = privacy.member_data_export(user=alice)["messages"]
    assert [m["text"] for m in exported] == ["From alice, personal"]

    privacy.account_delete(user=alice)

    assert Message.objects.get(author=alice).text == ""
    assert Message.objects.get(author=bob).text == "From bob"
    page = bob_client.get(_url(pair)).text
    assert "From alice, personal" not in page
    assert "removed when its author deleted their account" in page


@pytest.mark.parametrize("size", [10, 500])
def test_the_conversation_page_makes_the_same_queries_at_ten_and_five_hundred_messages(
    size, pair, alice, bob, carol, bob_client, django_assert_max_num_queries
):
    Message.objects.bulk_create(
        Message(mentorship=pair, author=(alice, carol)[n % 2], text=f"Message {n}")
        for n in range(size)
    )
    with django_assert_max_num_queries(10):
        page = bob_client.get(_url(pair))
    assert page.text.count('id="message-') == min(size, conversations_selectors.PAGE_SIZE)
    with django_assert_max_num_queries(9):
        assert _post(bob_client, pair, "A reply").status_code == 302


def test_a_group_member_who_left_the_group_gets_no_more_email(pair, alice, carol, time_machine):
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Still there?")
    carol.profile.mentee_profile = None
    carol.profile.save(update_fields=["mentee_profile"])
    time_machine.move_to(START + timedelta(minutes=20), tick=False)
    conversations.conversation_emails_send()
    assert not OutboundEmail.objects.filter(kind="conversation", recipient=carol)


# Per member emailed: a savepoint, the locked row, the messages, its update, the email (a
# savepoint and an insert); nothing more, such as a membership or time-zone lookup.
SWEEP_QUERIES_PER_MEMBER = 8


@pytest.mark.parametrize("size", [2, 6])
def test_the_message_sweep_costs_the_same_queries_per_member_at_two_sizes(
    size, pair, alice, time_machine, django_assert_max_num_queries
):
    for n in range(size - 2):  # bob and carol, then more co-founders of alice's group
        factories.cofounder(of=alice, email=f"cofounder{n}@example.org")
    time_machine.move_to(START, tick=False)
    conversations.message_post(mentorship=pair, by=alice, text="Hello all")
    time_machine.move_to(START + timedelta(minutes=20), tick=False)
    with django_assert_max_num_queries(1 + SWEEP_QUERIES_PER_MEMBER * size):
        assert conversations.conversation_emails_send() == size
