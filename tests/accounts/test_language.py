"""Welsh or English: a visitor picks a language on any page, and a member's choice follows them
to their other devices and into their emails."""

import re
from datetime import timedelta

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext

from mentorship.selectors import dashboard as dashboard_selectors
from mentorship.services import sessions
from tests import factories

SITE_NAME_CY = "Mentora Cydweithredol"


def _html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _switch(client: Client, language: str, next_url: str = "/"):
    return client.post(reverse("accounts:language"), {"language": language, "next": next_url})


def _speaks_welsh(user) -> None:
    user.language = "cy"
    user.save(update_fields=["language"])


def _welsh_client(user) -> Client:
    """Signed in as a member who chose Welsh."""
    _speaks_welsh(user)
    client = Client()
    client.force_login(user)
    return client


def _welsh_and_english(text) -> tuple[str, str]:
    with translation.override("cy"):
        welsh = str(text)
    with translation.override("en-gb"):
        english = str(text)
    assert welsh != english, f"no Welsh for {english!r}"
    return welsh, english


def test_a_visitor_switches_to_welsh_from_any_page_and_back(client, db):
    page = client.get(reverse("account_login"))
    assert _html_lang(page) == "en-gb"
    # The switch names the other language in that language, marked up as such for screen readers.
    assert (
        '<button class="btn btn-link btn-sm" type="submit" name="language" value="cy" lang="cy">Cymraeg</button>'
        in page.content.decode()
    )

    response = _switch(client, "cy", next_url=reverse("account_login"))
    assert response.status_code == 302 and response["Location"] == reverse("account_login")

    page = client.get(reverse("account_login"))
    assert _html_lang(page) == "cy" and page["Content-Language"] == "cy"
    assert SITE_NAME_CY in page.content.decode()
    assert 'value="en-gb" lang="en-gb">English</button>' in page.content.decode()

    _switch(client, "en-gb")
    assert _html_lang(client.get("/")) == "en-gb"


def test_a_browser_that_asks_for_welsh_gets_welsh_throughout(client, db):
    page = client.get("/", headers={"accept-language": "cy"})
    assert _html_lang(page) == "cy"
    assert SITE_NAME_CY in page.content.decode() and "Co-op Mentoring" not in page.content.decode()


def test_a_members_choice_follows_them_to_another_device(alice, alice_client):
    _switch(alice_client, "cy", next_url=reverse("mentorship:dashboard"))
    alice.refresh_from_db()
    assert alice.language == "cy"

    # A second browser with no cookie and an English Accept-Language still gets Welsh.
    other = Client(headers={"accept-language": "en-GB"})
    other.force_login(alice)
    page = other.get(reverse("mentorship:dashboard"))
    assert _html_lang(page) == "cy"
    with translation.override("cy"):
        assert gettext("Dashboard") in page.content.decode()
    with translation.override("en-gb"):
        assert gettext("Dashboard") not in page.content.decode()


def test_a_language_the_site_does_not_offer_changes_nothing(alice, alice_client):
    response = _switch(alice_client, "fr")
    alice.refresh_from_db()
    assert alice.language == "" and response.status_code == 302
    assert _html_lang(alice_client.get(reverse("mentorship:dashboard"))) == "en-gb"


def test_the_switch_never_sends_a_visitor_off_the_site(client, db):
    response = _switch(client, "cy", next_url="https://evil.example/phish")
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_switch_changes_the_language_on_posts_only(client, db):
    shown = client.get(reverse("accounts:language"), {"language": "cy"})

    assert shown.status_code == 200  # the choice, as a page of the Account menu
    assert settings.LANGUAGE_COOKIE_NAME not in shown.cookies
    assert _html_lang(client.get(reverse("home"))) == "en-gb"


def test_what_the_dashboard_asks_of_a_member_is_in_their_language(alice, bob, coordinator):
    factories.mentorship(mentor=bob, mentee=alice, status="approved", by=coordinator)
    page = _welsh_client(bob).get(reverse("mentorship:dashboard")).content.decode()
    welsh, english = _welsh_and_english(dashboard_selectors.NEED_ACCEPT)
    assert welsh in page and english not in page


def test_a_refusal_from_the_services_is_shown_in_the_members_language(pair, bob):
    client = _welsh_client(bob)
    starts = timezone.localtime(timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]),
        {
            "starts_at": starts,
            "duration_minutes": 60,
            "format": "remote",
            "summary": "Soon",
            "items-TOTAL_FORMS": 0,
            "items-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    welsh, english = _welsh_and_english(sessions.NOT_IN_FUTURE)
    assert welsh in response.content.decode() and english not in response.content.decode()


def test_emails_are_written_in_each_recipients_language(pair, alice, bob, deliver):
    _speaks_welsh(alice)
    sessions.session_log(
        mentorship=pair,
        by=bob,
        log=sessions.SessionLog(
            starts_at=timezone.now() - timedelta(hours=2),
            duration_minutes=60,
            format="remote",
            summary="We drafted the rules.",
        ),
    )
    mails = {m.to[0]: m for m in deliver()}
    welsh, english = mails["alice@example.org"], mails["carol@example.org"]
    assert "We drafted the rules." in welsh.body and "We drafted the rules." in english.body
    assert english.subject.startswith("Notes from your session on ")
    with translation.override("cy"):
        subject_cy = gettext("Notes from your session on %(date)s") % {"date": ""}
        summary_cy = gettext("Summary")
    assert subject_cy.strip() and not subject_cy.startswith("Notes")
    assert subject_cy.strip() in welsh.subject and f"{summary_cy}:" in welsh.body
    assert 'lang="cy"' in welsh.alternatives[0][0] and 'lang="en-gb"' in english.alternatives[0][0]


def test_a_member_who_never_chose_is_written_to_in_the_language_they_signed_in_in(alice, client):
    assert alice.language == ""
    response = client.post(
        reverse("account_login"),
        {"login": alice.email, "password": factories.PASSWORD},
        headers={"accept-language": "cy"},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.language == "cy"


def test_signing_in_keeps_a_language_already_chosen(alice, client):
    alice.language = "en-gb"
    alice.save(update_fields=["language"])
    response = client.post(
        reverse("account_login"),
        {"login": alice.email, "password": factories.PASSWORD},
        headers={"accept-language": "cy"},
    )
    assert response.status_code == 302, "signed in"
    alice.refresh_from_db()
    assert alice.language == "en-gb"


def test_the_audit_log_names_what_was_done_in_the_sites_language(alice, bob, coordinator):
    from accounts.models import AuditEntry
    from matching import services as matching_services
    from mentorship.models import Mentorship
    from mentorship.services import relationship as mentorship_relationship

    proposed = mentorship_relationship.mentorship_propose(
        mentor=bob, mentee=alice.profile.mentee_profile, origin=Mentorship.Origin.ENGINE
    )
    with translation.override("cy"):  # as if the coordinator read the admin in Welsh
        assert "yn mentora" in str(proposed)
        matching_services.proposal_approve(mentorship_id=proposed.pk, by=coordinator)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PAIRING_APPROVED)
    assert entry.target_label == "Bob Bevan mentoring Riverside founders"


def test_the_skills_taxonomy_is_shown_in_welsh_and_found_by_its_english_names(alice):
    page = _welsh_client(alice).get(reverse("accounts:profile_edit")).content.decode()
    with translation.override("cy"):
        skill, category = gettext("Bookkeeping"), gettext("Finance")
    assert skill != "Bookkeeping" and category != "Finance"
    assert f'<legend class="fs-6 fw-semibold mb-1">{escape(category)}</legend>' in page
    label = re.escape(escape(skill))
    terms = re.search(rf'data-skill-terms="([^"]*)">\s*<input[^>]*>\s*<label[^>]*>{label}<', page)
    assert terms, "the Welsh name labels a skill box"
    assert escape(skill.lower()) in terms.group(1) and "bookkeeping" in terms.group(1)
    assert "ledgers" in terms.group(1)


def test_months_are_named_in_the_readers_language():
    from datetime import date

    from mentorship.selectors.hours import month_label

    with translation.override("cy"):
        assert month_label(date(2025, 3, 1)) == "Mawrth 2025"
    assert month_label(date(2025, 3, 1)) == "March 2025"


def test_choosing_welsh_on_the_sign_in_page_wins_over_an_earlier_choice(alice, client):
    alice.language = "en-gb"
    alice.save(update_fields=["language"])
    _switch(client, "cy", next_url=reverse("account_login"))
    client.post(reverse("account_login"), {"login": alice.email, "password": factories.PASSWORD})
    alice.refresh_from_db()
    assert alice.language == "cy"
    assert _html_lang(client.get(reverse("mentorship:dashboard"))) == "cy"


def test_a_welsh_visitor_gets_the_account_emails_in_welsh(client, db, mailoutbox):
    _switch(client, "cy")
    client.post(
        reverse("account_signup"),
        {
            "email": "nia@example.org",
            "password1": "slate-bakery-ledger-42",
            "password2": "slate-bakery-ledger-42",
        },
    )
    (sent,) = mailoutbox
    assert sent.subject.startswith(f"[{SITE_NAME_CY}] ")
    with translation.override("cy"):
        assert sent.subject.endswith(gettext("Please Confirm Your Email Address"))
    assert "Please Confirm" not in sent.subject
    english = Client()
    english.post(
        reverse("account_signup"),
        {
            "email": "owen@example.org",
            "password1": "slate-bakery-ledger-42",
            "password2": "slate-bakery-ledger-42",
        },
    )
    assert mailoutbox[1].subject == "[Co-op Mentoring] Please Confirm Your Email Address"


def test_a_session_reminders_calendar_event_is_titled_in_each_recipients_language(
    pair, alice, bob, deliver
):
    import icalendar

    from mentorship.services import reminders

    _speaks_welsh(alice)
    start = (timezone.now() + timedelta(hours=20)).replace(second=0, microsecond=0)
    sessions.session_schedule(
        mentorship=pair, by=alice, starts_at=start, duration_minutes=60, format="remote"
    )
    reminders.session_reminders(timezone.now())
    titles = {}
    for mail in deliver():
        if not mail.attachments:
            continue  # the pair's earlier emails
        [(_name, content, _type)] = mail.attachments
        [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
        titles[mail.to[0]] = str(event["SUMMARY"])
    assert titles["bob@example.org"] == "Mentoring: Bob Bevan and Riverside founders"
    assert titles["alice@example.org"] == "Mentora: Bob Bevan a Riverside founders"
