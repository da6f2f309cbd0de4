import datetime
import zoneinfo

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from mentorship.models import (
    ActionItem,
    CalendarFeed,
    Goal,
    PrivateNote,
    Session,
    SessionLogVersion,
)
from mentorship.services import calendar as calendar_services
from mentorship.services import sessions
from mentorship.services.errors import MentorshipError
from tests import factories

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(LONDON).strftime("%Y-%m-%dT%H:%M")


def _log_post(when: datetime.datetime, **overrides) -> dict:
    data = {
        "starts_at": _local(when),
        "duration_minutes": "90",
        "format": "remote",
        "topics": [str(s.pk) for s in factories.skills("Bookkeeping")],
        "summary": "We walked through a first cash book.",
        "private_note": "They seemed anxious about the treasurer role.",
        "items-TOTAL_FORMS": "3",
        "items-INITIAL_FORMS": "0",
        "items-0-description": "Draft the cash book",
        "items-0-owner": "mentee",
        "items-0-due_on": (when + datetime.timedelta(days=7)).date().isoformat(),
    }
    data.update(overrides)
    return data


def test_a_session_is_scheduled_logged_with_a_private_note_and_confirmed(
    pair, bob_client, alice_client, carol_client
):
    goal = Goal.objects.create(
        mentorship=pair, title="First annual accounts", created_by=pair.mentor
    )
    start = timezone.now() + datetime.timedelta(days=2)
    response = alice_client.post(
        reverse("mentorship:session_schedule", args=[pair.pk]),
        {
            "starts_at": _local(start),
            "duration_minutes": "60",
            "format": "remote",
            "link": "https://meet.example.org/x",
            "agenda": "Cash book",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert abs((session.starts_at - start).total_seconds()) < 60

    Session.objects.filter(pk=session.pk).update(
        starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    when = timezone.now() - datetime.timedelta(hours=3)
    response = bob_client.post(
        reverse("mentorship:session_log", args=[pair.pk, session.pk]),
        _log_post(when, **{f"goal_{goal.pk}": "under_way"}),
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    session.refresh_from_db()
    assert session.status == Session.Status.LOGGED
    assert session.duration_minutes == 90
    assert ActionItem.objects.get().description == "Draft the cash book"
    goal.refresh_from_db()
    assert goal.progress == "under_way"
    assert PrivateNote.objects.get().author == pair.mentor

    mentee_page = carol_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert "We walked through a first cash book." in mentee_page
    assert "anxious" not in mentee_page, "a private note is never shown to the other party"
    mentor_page = bob_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    assert "anxious" in mentor_page

    carol_client.post(reverse("mentorship:session_confirm", args=[session.pk]), {"happened": "yes"})
    session.refresh_from_db()
    assert session.status == Session.Status.CONFIRMED
    assert session.confirmed_by.email == "carol@example.org"


def test_private_notes_are_not_in_the_admin(pair, bob, coordinator_client):
    session = _logged(pair, bob)
    page = coordinator_client.get(
        reverse("admin:mentorship_mentorship_change", args=[pair.pk])
    ).content.decode()
    assert "anxious" not in page
    assert coordinator_client.get("/admin/mentorship/privatenote/").status_code == 404
    session_page = coordinator_client.get(
        reverse("admin:mentorship_session_change", args=[session.pk])
    )
    assert session_page.status_code == 200
    assert "Talked rules" in session_page.content.decode()
    assert "anxious" not in session_page.content.decode()
    listing = coordinator_client.get(
        reverse("admin:mentorship_session_changelist")
    ).content.decode()
    assert "anxious" not in listing


def _logged(pair, bob, when=None) -> Session:
    when = when or timezone.now() - datetime.timedelta(hours=2)
    return sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=when,
            duration_minutes=60,
            format="remote",
            summary="Talked rules",
            private_note="They seemed anxious.",
        ),
    )


def test_the_log_form_offers_topics_by_category_with_their_synonyms(pair, bob_client):
    page = bob_client.get(reverse("mentorship:session_log_new", args=[pair.pk])).content.decode()

    # A fieldset per category, as on the profile form, so a mentor on a phone can skim them.
    finance = page.index('<legend class="fs-6 fw-semibold mb-1">Finance</legend>')
    bookkeeping = page.index(">Bookkeeping</label>")
    assert finance < bookkeeping < page.index("</fieldset>", finance)
    # The filter box finds "ledgers" under Bookkeeping.
    assert 'data-skill-terms="bookkeeping finance accounts book-keeping ledgers' in page


def test_a_negative_duration_is_refused_beside_the_field_and_keeps_what_was_typed(pair, bob_client):
    when = timezone.now() - datetime.timedelta(hours=1)
    response = bob_client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]),
        _log_post(when, duration_minutes="-30"),
    )
    assert response.status_code == 200
    assert "from 5 to 600" in str(response.context["form"].errors["duration_minutes"])
    page = response.content.decode()
    assert 'value="-30"' in page
    assert "We walked through a first cash book." in page
    assert not Session.objects.exists()


def test_only_the_mentor_logs_and_only_the_mentee_confirms(pair, alice, bob):
    with pytest.raises(MentorshipError, match="Only the mentor"):
        sessions.session_log(
            mentorship=pair,
            by=alice,
            log=sessions.SessionLog(
                starts_at=timezone.now(), duration_minutes=30, format="remote", summary="x"
            ),
        )
    session = _logged(pair, bob)
    with pytest.raises(MentorshipError, match="Only the mentee"):
        sessions.session_confirm(session=session, by=bob)


def test_a_log_edited_within_14_days_keeps_the_previous_version(pair, bob, alice):
    session = _logged(pair, bob)
    sessions.session_confirm(session=session, by=alice)
    edited = sessions.SessionLog(
        starts_at=session.starts_at,
        duration_minutes=75,
        format="remote",
        summary="Talked rules and shares",
    )
    sessions.session_log_edit(session=session, by=bob, log=edited)
    session.refresh_from_db()
    assert session.summary == "Talked rules and shares"
    assert session.status == Session.Status.LOGGED, "an edited log goes back to the mentee"
    version = SessionLogVersion.objects.get()
    assert (version.summary, version.duration_minutes) == ("Talked rules", 60)


def test_a_log_cannot_be_edited_after_14_days(pair, bob):
    session = _logged(pair, bob)
    Session.objects.filter(pk=session.pk).update(
        logged_at=timezone.now() - datetime.timedelta(days=15)
    )
    session.refresh_from_db()
    with pytest.raises(MentorshipError, match="14 days"):
        sessions.session_log_edit(
            session=session,
            by=bob,
            log=sessions.SessionLog(
                starts_at=session.starts_at, duration_minutes=60, format="remote", summary="late"
            ),
        )


def test_a_mentee_can_say_a_session_did_not_happen_as_logged_and_reflect(pair, bob, carol_client):
    session = _logged(pair, bob)
    carol_client.post(
        reverse("mentorship:session_confirm", args=[session.pk]),
        {"happened": "no", "note": "It was 30 minutes"},
    )
    session.refresh_from_db()
    assert session.status == Session.Status.DISPUTED and session.dispute_note == "It was 30 minutes"
    sessions.session_confirm(session=session, by=pair.mentee.members.first().user)
    carol_client.post(
        reverse("mentorship:session_reflect", args=[session.pk]),
        {"text": "I learnt to ask for help"},
    )
    session.refresh_from_db()
    assert session.mentee_reflection == "I learnt to ask for help"


def test_a_scheduled_session_downloads_as_an_ics_event(pair, alice):
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    session = sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=start,
        duration_minutes=45,
        format="in_person",
        place="Riverside Hall, Cardiff; room 2",
        agenda="Rules, shares",
    )
    from django.test import Client

    client = Client()
    client.force_login(alice)
    response = client.get(reverse("mentorship:session_ics", args=[session.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    [event] = calendar.walk("VEVENT")
    assert event.decoded("DTSTART") == start
    assert event.decoded("DTEND") == start + datetime.timedelta(minutes=45)
    assert str(event["LOCATION"]) == "Riverside Hall, Cardiff; room 2"
    assert "Bob Bevan" in str(event["SUMMARY"])


def test_the_calendar_feed_lists_the_members_sessions_and_a_wrong_token_is_not_found(
    pair, alice, alice_client, client
):
    sessions.session_schedule(
        mentorship=pair,
        by=alice,
        starts_at=timezone.now() + datetime.timedelta(days=1),
        duration_minutes=30,
        format="remote",
    )
    page = alice_client.get(reverse("mentorship:calendar"))
    feed_url = page.context["feed_url"]
    token = feed_url.rstrip("/").split("/")[-1].removesuffix(".ics")
    feed = client.get(reverse("mentorship:calendar_feed", args=[token]))
    assert feed.status_code == 200
    assert len(icalendar.Calendar.from_ical(feed.content).walk("VEVENT")) == 1
    assert (
        client.get(reverse("mentorship:calendar_feed", args=["not-the-token"])).status_code == 404
    )
    alice_client.post(reverse("mentorship:calendar"))
    assert client.get(reverse("mentorship:calendar_feed", args=[token])).status_code == 404, (
        "a reset retires the old address"
    )


def test_a_calendar_reset_records_when_the_new_address_was_issued(alice, time_machine):
    issued = datetime.datetime(2025, 1, 6, 9, tzinfo=LONDON)
    time_machine.move_to(issued, tick=False)
    first = calendar_services.calendar_feed_for(user=alice)
    time_machine.move_to(issued + datetime.timedelta(days=30), tick=False)
    assert calendar_services.calendar_feed_for(user=alice).issued_at == issued, (
        "asking again issues nothing"
    )
    calendar_services.calendar_token_reset(user=alice)
    feed = CalendarFeed.objects.get(user=alice)
    assert feed.token != first.token
    assert feed.issued_at == issued + datetime.timedelta(days=30)


def test_the_mentorship_page_makes_the_same_number_of_queries_for_5_or_200_sessions(
    pair, bob, bob_client, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            _logged(pair, bob)

    add(5)
    url = reverse("mentorship:detail", args=[pair.pk])
    with django_assert_max_num_queries(22) as small:
        bob_client.get(url)
    add(195)
    with django_assert_max_num_queries(len(small.captured_queries)):
        bob_client.get(url)


def test_a_log_in_a_month_whose_claim_was_approved_cannot_be_edited(pair, bob, coordinator):
    from mentorship.models import ClaimApproval

    session = _logged(pair, bob)
    month = timezone.localtime(session.starts_at).date().replace(day=1)
    ClaimApproval.objects.create(
        mentor=bob, month=month, hours=1, expenses=0, approved_by=coordinator
    )
    with pytest.raises(MentorshipError, match="approved"):
        sessions.session_log_edit(
            session=session,
            by=bob,
            log=sessions.SessionLog(
                starts_at=session.starts_at, duration_minutes=300, format="remote", summary="more"
            ),
        )
    session.refresh_from_db()
    assert session.duration_minutes == 60
