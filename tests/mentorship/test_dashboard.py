"""What the dashboard says about each mentorship: the next session and what needs doing."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentorship.rules import MENTEE_BENEFITS
from mentorship.selectors.dashboard import SessionFigures, session_figures
from mentorship.services import feedback as feedback_services
from mentorship.services import sessions
from mentorship.services.sessions import ActionItemData, SessionLog


def _log(pair, bob, *, days_ago: int, items: int = 0):
    log = SessionLog(
        starts_at=timezone.now() - timedelta(days=days_ago),
        duration_minutes=60,
        format="remote",
        summary="Went through the cash book.",
        action_items=[
            ActionItemData(description=f"Step {i}", owner="mentee") for i in range(items)
        ],
    )
    return sessions.session_log(mentorship=pair, by=bob, log=log)


def _schedule(pair, who, *, days: int):
    return sessions.session_schedule(
        mentorship=pair,
        by=who,
        starts_at=timezone.now() + timedelta(days=days),
        duration_minutes=60,
        format="remote",
    )


def test_the_dashboard_shows_the_next_session_and_the_open_next_steps(pair, bob, bob_client):
    _schedule(pair, bob, days=9)
    _schedule(pair, bob, days=2)
    _log(pair, bob, days_ago=3, items=2)

    page = bob_client.get(reverse("mentorship:dashboard")).content.decode()

    soonest = timezone.localtime(timezone.now() + timedelta(days=2))
    assert f"Next session: {soonest:%a} {soonest.day} {soonest:%b}" in page
    assert "2 open next steps" in page


def test_the_dashboard_asks_the_mentor_to_log_a_past_session_and_the_mentee_to_confirm(
    pair, bob, alice_client, bob_client
):
    _schedule(pair, bob, days=-1)
    assert (
        "log a session that has taken place"
        in bob_client.get(reverse("mentorship:dashboard")).content.decode()
    )
    assert (
        "confirm a logged session"
        not in alice_client.get(reverse("mentorship:dashboard")).content.decode()
    )

    _log(pair, bob, days_ago=2)
    assert (
        "confirm a logged session"
        in alice_client.get(reverse("mentorship:dashboard")).content.decode()
    )


def test_the_dashboard_asks_for_feedback_after_three_confirmed_sessions_until_it_is_given(
    pair, alice, bob, alice_client
):
    for days_ago in (30, 20, 10):
        sessions.session_confirm(session=_log(pair, bob, days_ago=days_ago), by=alice)
    assert (
        "give your short feedback"
        in alice_client.get(reverse("mentorship:dashboard")).content.decode()
    )

    feedback_services.feedback_give(
        mentorship=pair,
        by=alice,
        ratings=dict.fromkeys(MENTEE_BENEFITS, 4),
        learned="A lot",
    )
    assert (
        "give your short feedback"
        not in alice_client.get(reverse("mentorship:dashboard")).content.decode()
    )


def test_a_welsh_dashboard_names_what_the_profile_lacks_in_welsh(bob, bob_client):
    from django.utils import translation
    from django.utils.translation import gettext

    from accounts.models import MemberProfile

    MemberProfile.objects.filter(user=bob).update(
        sector="", region="", bio="", years_experience=None
    )
    bob.language = "cy"
    bob.save(update_fields=["language"])

    page = bob_client.get(reverse("mentorship:dashboard")).content.decode()

    labels = ["sector", "region", "a short bio", "years of experience"]
    with translation.override("cy"):  # each label as the Welsh catalogue has it
        still_to_add = f"{gettext('Still to add:')} {', '.join(gettext(x) for x in labels)}."
    assert still_to_add in page
    assert "rhanbarth" in still_to_add, "a label the Welsh catalogue already has"


def test_cancelled_and_disputed_sessions_count_for_nothing_on_the_dashboard(pair, alice, bob):
    sessions.session_cancel(session=_schedule(pair, bob, days=2), by=bob)
    later = _schedule(pair, bob, days=5)
    _schedule(pair, bob, days=9)
    sessions.session_confirm(session=_log(pair, bob, days_ago=3), by=alice)
    disputed = _log(pair, bob, days_ago=6)
    sessions.session_confirm(session=disputed, by=alice, happened=False, note="We did not meet")

    figures = session_figures([pair.pk], timezone.now())[pair.pk]

    assert figures.next_session_at == later.starts_at  # the cancelled one, sooner, is not next
    assert figures.confirmed == 1
    assert not figures.to_confirm and not figures.to_log


def test_each_pair_has_its_own_session_figures_and_a_pair_without_sessions_has_none(
    pair, other_pair, alice, bob
):
    _schedule(pair, bob, days=-1)
    _log(pair, bob, days_ago=4)

    figures = session_figures([pair.pk, other_pair.pk], timezone.now())

    assert figures[pair.pk].to_log and figures[pair.pk].to_confirm
    assert figures[pair.pk].next_session_at is None
    assert figures[other_pair.pk] == SessionFigures()
