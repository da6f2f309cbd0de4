"""Next steps can be ticked off by either side: who and when are recorded, a done step gets no
"due tomorrow" reminder, and the dashboard counts only the open ones."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from mentorship.models import ActionItem
from mentorship.services import reminders, sessions


def _logged_with_steps(pair, bob, *, due_on: datetime.date) -> list[ActionItem]:
    session = sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=timezone.now() - datetime.timedelta(days=1),
            duration_minutes=60,
            format="remote",
            summary="Cash book",
            action_items=[
                sessions.ActionItemData(
                    description="Draft the cash book", owner="mentee", due_on=due_on
                ),
                sessions.ActionItemData(
                    description="Send a template", owner="mentor", due_on=due_on
                ),
            ],
        ),
    )
    return list(session.action_items.order_by("pk"))


def test_the_mentee_ticks_off_a_next_step_and_who_and_when_are_recorded(
    pair, bob, carol, carol_client
):
    draft, _template = _logged_with_steps(pair, bob, due_on=timezone.localdate())
    response = carol_client.post(reverse("mentorship:action_item_done", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.done_by == carol
    assert timezone.now() - draft.done_at < datetime.timedelta(minutes=1)
    page = carol_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert "Done: Carol Cole" in page


def test_the_mentor_can_tick_and_open_a_step_again(pair, bob, bob_client):
    draft, _template = _logged_with_steps(pair, bob, due_on=timezone.localdate())
    url = reverse("mentorship:action_item_done", args=[draft.pk])
    bob_client.post(url)
    bob_client.post(url, {"done": "no"})
    draft.refresh_from_db()
    assert (draft.done_at, draft.done_by) == (None, None)


def test_ticking_twice_keeps_the_first_tick(pair, alice, bob):
    draft, _template = _logged_with_steps(pair, bob, due_on=timezone.localdate())
    first = sessions.action_item_tick(item=draft, by=alice)
    again = sessions.action_item_tick(item=draft, by=bob)
    assert (again.done_by, again.done_at) == (alice, first.done_at)


def test_a_done_step_gets_no_due_tomorrow_reminder(pair, alice, bob, deliver):
    today = timezone.localdate()
    draft, _template = _logged_with_steps(pair, bob, due_on=today + datetime.timedelta(days=1))
    sessions.action_item_tick(item=draft, by=alice)
    deliver().clear()
    reminders.action_items_due(today)
    [reminder] = [m for m in deliver() if "Send a template" in m.body or "Draft" in m.body]
    assert reminder.to == [bob.email], "only bob's open step is due; alice's is done"


def test_the_dashboard_counts_only_open_next_steps(pair, alice, bob, alice_client):
    draft, _template = _logged_with_steps(pair, bob, due_on=timezone.localdate())
    sessions.action_item_tick(item=draft, by=alice)
    entry = alice_client.get(reverse("mentorship:dashboard")).context["mentorships"][0]
    assert entry.open_items == 1


def test_another_pair_and_a_coordinator_cannot_tick_a_step(
    pair, bob, other_pair, dave_client, coordinator_client
):
    draft, _template = _logged_with_steps(pair, bob, due_on=timezone.localdate())
    url = reverse("mentorship:action_item_done", args=[draft.pk])
    assert dave_client.post(url).status_code == 404
    assert coordinator_client.post(url).status_code == 404
    draft.refresh_from_db()
    assert draft.done_at is None
