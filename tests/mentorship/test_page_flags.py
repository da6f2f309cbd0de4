"""The mentorship page's `can_*` flags: what each side may do in each status, decided once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorship.models import Mentorship, Side
from mentorship.selectors import mentorships as mentorships_selectors
from mentorship.services import relationship, sessions
from mentorship.services.sessions import SessionLog
from tests import factories

UNDER_WAY = {"takes_sessions", "can_schedule", "can_update_goals"}
# The flags that are true, per status and side; every other flag is false.
EXPECTED = {
    ("approved", Side.MENTOR): {"is_mentor", "shows_agreement", "can_accept_agreement",
                                "can_set_terms", "can_end"},
    ("approved", Side.MENTEE): {"shows_agreement", "can_accept_agreement", "can_set_terms",
                                "can_end"},
    ("active", Side.MENTOR): {"is_mentor", *UNDER_WAY, "can_log", "can_pause", "can_end"},
    ("active", Side.MENTEE): {*UNDER_WAY, "can_add_goals", "can_pause", "can_end"},
    ("paused", Side.MENTOR): {"is_mentor", *UNDER_WAY, "can_log", "can_resume", "can_end"},
    ("paused", Side.MENTEE): {*UNDER_WAY, "can_add_goals", "can_resume", "can_end"},
    ("ended", Side.MENTOR): {"is_mentor"},
    ("ended", Side.MENTEE): set(),
}  # fmt: skip
FLAGS = {"is_mentor", "takes_sessions", "can_schedule", "can_log", "can_add_goals",
         "can_update_goals", "shows_agreement", "can_accept_agreement", "can_set_terms",
         "can_pause", "can_resume", "can_end"}  # fmt: skip


def _in_status(status: str, *, mentor, mentee, by) -> Mentorship:
    mentorship = factories.mentorship(
        mentor=mentor, mentee=mentee, status="approved" if status == "approved" else "active", by=by
    )
    if status == "paused":
        relationship.mentorship_transition(
            mentorship_id=mentorship.pk, to_status=Mentorship.Status.PAUSED, by=mentor
        )
    if status == "ended":
        relationship.mentorship_end(mentorship_id=mentorship.pk, by=mentee, reason="Moving on.")
    return mentorship


@pytest.mark.parametrize(("status", "side"), list(EXPECTED))
def test_each_side_may_do_what_the_status_allows_and_nothing_more(
    status, side, alice, bob, coordinator
):
    mentorship = _in_status(status, mentor=bob, mentee=alice, by=coordinator)
    viewer = bob if side == Side.MENTOR else alice
    page = mentorships_selectors.mentorship_page(viewer, mentorship.pk)
    assert page.side == side
    assert {flag for flag in FLAGS if getattr(page, flag)} == EXPECTED[status, side]


def test_once_one_side_accepted_it_cannot_accept_again_and_the_other_keeps_the_terms(
    alice, bob, coordinator
):
    mentorship = _in_status("approved", mentor=bob, mentee=alice, by=coordinator)
    relationship.agreement_accept(mentorship_id=mentorship.pk, by=bob)
    mentor_page = mentorships_selectors.mentorship_page(bob, mentorship.pk)
    mentee_page = mentorships_selectors.mentorship_page(alice, mentorship.pk)
    assert not mentor_page.can_accept_agreement and not mentor_page.can_set_terms
    assert mentee_page.can_accept_agreement and not mentee_page.can_set_terms


def _log(mentorship, by, days_ago=1):
    log = SessionLog(
        starts_at=timezone.now() - timedelta(days=days_ago), duration_minutes=60,
        format="remote", summary="Cash book.", action_items=[],
    )  # fmt: skip
    return sessions.session_log(mentorship=mentorship, by=by, log=log)


def test_only_the_author_edits_a_log_and_only_the_mentee_confirms_it(pair, alice, bob, carol):
    _log(pair, bob)
    mentor_session = mentorships_selectors.mentorship_page(bob, pair.pk).sessions[0]
    mentee_session = mentorships_selectors.mentorship_page(carol, pair.pk).sessions[0]
    assert mentor_session.can_edit_log and not mentor_session.can_confirm
    assert mentee_session.can_confirm and not mentee_session.can_edit_log


def test_a_scheduled_session_is_logged_once_started_and_changed_only_while_under_way(
    pair, alice, bob
):
    soon = timezone.now() + timedelta(days=2)
    sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=soon, duration_minutes=60, format="remote"
    )
    session = mentorships_selectors.mentorship_page(bob, pair.pk).sessions[0]
    assert session.can_change and session.waits_to_start and not session.can_log
    relationship.mentorship_end(mentorship_id=pair.pk, by=bob, reason="Moving on.")
    session = mentorships_selectors.mentorship_page(bob, pair.pk).sessions[0]
    assert not (session.can_change or session.waits_to_start or session.can_log)
