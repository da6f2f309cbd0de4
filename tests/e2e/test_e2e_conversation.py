"""Journey: a mentee writes to her mentor twice, the mentor gets one email with both messages,
follows it, replies twice, and the mentee gets one email with both replies."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import outbox
from mentorship.services import conversations
from tests import factories
from tests.e2e.axe import assert_accessible
from tests.e2e.steps import labelled, open_mentorship, sign_in_as

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _send(page: Page, text: str) -> None:
    labelled(page, "Your message").fill(text)
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text(text)).to_be_visible()


def _emails_after(minutes: int, *, to: str) -> list:
    """Run the batching sweep as if `minutes` had passed, send what it queued, and return the
    message emails that reached `to`."""
    conversations.conversation_emails_send(now=timezone.now() + timedelta(minutes=minutes))
    for email_id in outbox.outbox_due_ids():
        outbox.email_send(email_id)
    return [m for m in mail.outbox if m.to == [to] and "message" in m.subject]


def test_two_members_exchange_messages_and_each_gets_one_batched_email(page, live_server):
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    nia = factories.mentee(email="nia@example.org", name="Nia Hughes")
    pairing = factories.mentorship(mentor=gwen, mentee=nia)
    conversation = reverse("mentorship:conversation", args=[pairing.pk])

    sign_in_as(page, live_server.url, email="nia@example.org", password=factories.PASSWORD)
    open_mentorship(page, "Mentored by Gwen Price")
    page.get_by_role("link", name="Open the conversation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages")
    _send(page, "Hello Gwen, could we meet next week?")
    _send(page, "Our draft plan: https://example.org/slate-plan")
    link = page.get_by_role("link", name="https://example.org/slate-plan")
    expect(link).to_have_attribute("rel", "nofollow")
    assert_accessible(page)

    [to_gwen] = _emails_after(16, to="gwen@example.org")
    assert "Hello Gwen" in to_gwen.body and "slate-plan" in to_gwen.body
    assert conversation in to_gwen.body

    sign_in_as(page, live_server.url, email="gwen@example.org", password=factories.PASSWORD)
    expect(page.get_by_role("link", name="2 unread messages")).to_be_visible()
    open_mentorship(page, "Mentoring Nia Hughes")
    page.get_by_role("link", name=re.compile("Read 2 new messages")).click()
    expect(page.get_by_text("Hello Gwen, could we meet next week?")).to_be_visible()
    _send(page, "Yes: Tuesday at ten?")
    _send(page, "I have read the plan, it looks good.")
    assert_accessible(page)

    [to_nia] = _emails_after(32, to="nia@example.org")
    assert "Tuesday at ten?" in to_nia.body and "looks good" in to_nia.body
    assert _emails_after(48, to="gwen@example.org") == [to_gwen]  # gwen read hers: no more
