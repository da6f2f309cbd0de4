"""axe-core finds no WCAG 2.1 A or AA violation on any page a visitor, member or coordinator sees.

The pages come from the URL resolver, not from memory: every named URL outside the admin is
either in PAGES (loaded in Chromium as the right person, then checked by axe) or in SKIPPED with
its reason. A new URL in neither fails `test_every_url_is_checked_or_skipped_for_a_reason`, and
what SKIPPED claims (POST only, a file) is itself checked against the running site.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts import outbox
from accounts.models import User
from matching import services as matching_services
from matching.models import MatchRun, Proposal
from mentorship.models import CohortInvitation, Expense, Goal, Mentorship, Session
from mentorship.services import calendar as calendar_services
from mentorship.services import conversations, hours, invitations, sessions
from mentorship.services import goals as goals_services
from tests import factories
from tests.e2e.axe import accessibility_problems
from tests.e2e.steps import labelled, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@dataclass
class World:
    """One of everything a page can be about: a pair with goals, sessions in each state and an
    expense, mentees waiting (one with a request to the mentor), a matching run, coordinators."""

    people: dict[str, User]
    mentorship: Mentorship
    goal: Goal
    scheduled: Session
    logged: Session
    confirmed: Session
    expense: Expense
    invitation_token: str
    unsubscribe_token: str
    calendar_token: str
    request: Mentorship
    run: MatchRun
    proposal: Proposal
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Visit:
    """Who opens the page, and its path arguments from the World."""

    who: str  # "visitor", or a key of World.people
    args: Callable[[World], tuple] = lambda world: ()
    # Where the page may send its visitor first (allauth stores a key, then redirects): axe checks
    # the page it lands on.
    redirects: bool = False
    # allauth may ask for the password again before 2FA settings: type it, as a coordinator would.
    reauthenticate: bool = False
    # A step of signing in, reached only through the sign-in form (see sign_in_with_2fa).
    at_sign_in: bool = False


@dataclass(frozen=True)
class Skip:
    """Why a URL is not loaded as a page. POST_ONLY and FILE are checked: a GET as `who` must answer
    405, or a download."""

    reason: str
    who: str = ""
    args: Callable[[World], tuple] = lambda world: ()


POST_ONLY = "POST only: the form that posts here sits on a page that is checked"
FILE = "a download, not a page"

mentorship_pk = lambda w: (w.mentorship.pk,)  # noqa: E731

PAGES: dict[str, Visit] = {
    # Visitors.
    "home": Visit("visitor"),
    "accounts:privacy_notice": Visit("visitor"),
    "account_login": Visit("visitor"),
    "account_signup": Visit("visitor"),
    "account_inactive": Visit("visitor"),
    "account_email_verification_sent": Visit("visitor"),
    "account_confirm_email": Visit("visitor", lambda w: (w.extra["confirm_key"],)),
    "account_reset_password": Visit("visitor"),
    "account_reset_password_done": Visit("visitor"),
    "account_reset_password_from_key": Visit(
        "visitor", lambda w: (w.extra["reset_uid"], w.extra["reset_key"]), redirects=True
    ),
    "account_reset_password_from_key_done": Visit("visitor"),
    "accounts:invitation": Visit("visitor", lambda w: (w.invitation_token,)),
    "mentorship:cohort_invitation": Visit("visitor", lambda w: (w.extra["cohort_invitation"],)),
    "accounts:unsubscribe": Visit("visitor", lambda w: (w.unsubscribe_token,)),
    # Every member.
    "mentorship:dashboard": Visit("mentee"),
    "accounts:profile": Visit("mentee"),
    "accounts:profile_edit": Visit("mentee"),
    "accounts:notifications": Visit("mentee"),
    "accounts:language": Visit("mentee"),
    "accounts:data_export": Visit("mentee"),  # GET explains; only the POST downloads
    "accounts:account_delete": Visit("mentee"),  # GET asks to confirm; only the POST deletes
    "mentorship:calendar": Visit("mentee"),
    # With an application waiting (a withdraw button) and a cohort to apply to (the form).
    "mentorship:programmes": Visit("mentee"),
    "account_email": Visit("mentee"),
    "account_change_password": Visit("mentee"),
    "account_reauthenticate": Visit("mentee"),
    "account_logout": Visit("mentee"),  # GET asks "Are you sure?"; only the POST signs out
    # Mentees.
    "accounts:group": Visit("mentee"),
    "matching:suggestions": Visit("waiting"),
    "mentorship:detail": Visit("mentee", mentorship_pk),
    "mentorship:goal_create": Visit("mentee", mentorship_pk),
    "mentorship:feedback": Visit("mentee", mentorship_pk),
    "mentorship:end": Visit("mentee", mentorship_pk),
    "mentorship:concern": Visit("mentee", mentorship_pk),
    "mentorship:conversation": Visit("mentee", mentorship_pk),
    # Mentors.
    "matching:requests": Visit("mentor"),
    "mentorship:session_schedule": Visit("mentor", mentorship_pk),
    "mentorship:session_log_new": Visit("mentor", mentorship_pk),
    # A logged session's log (a future one's form goes back to the mentorship page).
    "mentorship:session_log": Visit("mentor", lambda w: (w.mentorship.pk, w.logged.pk)),
    "mentorship:session_move": Visit("mentee", lambda w: (w.scheduled.pk,)),
    "mentorship:hours": Visit("mentor"),
    "mentorship:expense_add": Visit("mentor", lambda w: (w.logged.pk,)),
    "mentorship:expense_edit": Visit("mentor", lambda w: (w.expense.pk,)),
    "mentorship:cpd": Visit("mentor"),
    # A coordinator before turning on two-factor authentication, which every other page requires.
    "mfa_index": Visit("coordinator"),
    "mfa_activate_totp": Visit("coordinator", reauthenticate=True),
    # A coordinator who has turned on two-factor authentication, and signs in with a code.
    "mentorship:programme": Visit("coordinator_2fa"),
    "mentorship:claims": Visit("coordinator_2fa"),
    "mentorship:cohort_report": Visit("coordinator_2fa", lambda w: (w.mentorship.cohort_id,)),
    "mfa_authenticate": Visit("coordinator_2fa", at_sign_in=True),
    "mfa_deactivate_totp": Visit("coordinator_2fa", reauthenticate=True),
    "mfa_view_recovery_codes": Visit("coordinator_2fa"),
    "mfa_generate_recovery_codes": Visit("coordinator_2fa"),
    "mfa_reauthenticate": Visit("coordinator_2fa"),  # confirming access with a code instead
}

# The admin pages coordinators use most (the rest of the admin is Django's own).
ADMIN_PAGES: dict[str, Callable[[World], tuple]] = {
    "admin:index": lambda w: (),
    "admin:accounts_user_changelist": lambda w: (),
    "admin:accounts_user_change": lambda w: (w.people["mentee"].pk,),
    "admin:matching_matchrun_changelist": lambda w: (),
    "admin:matching_matchrun_change": lambda w: (w.run.pk,),
    "admin:matching_proposal_changelist": lambda w: (),
    "admin:matching_proposal_change": lambda w: (w.proposal.pk,),
    "admin:mentorship_mentorship_changelist": lambda w: (),
    "admin:mentorship_session_changelist": lambda w: (),
    "admin:mentorship_cohort_changelist": lambda w: (),
    "admin:mentorship_cohort_change": lambda w: (w.mentorship.cohort_id,),
    "admin:mentorship_cohort_invite": lambda w: (w.mentorship.cohort_id,),
}

SKIPPED: dict[str, Skip] = {
    # Forms post here; each answers a GET with 405.
    "accounts:invitation_accept": Skip(POST_ONLY, "waiting", lambda w: (w.invitation_token,)),
    "mentorship:cohort_invitation_accept": Skip(
        POST_ONLY, "waiting", lambda w: (w.extra["cohort_invitation"],)
    ),
    "accounts:invitation_revoke": Skip(POST_ONLY, "mentee", lambda w: (w.extra["invitation"],)),
    "matching:request": Skip(POST_ONLY, "waiting"),
    "matching:decline": Skip(POST_ONLY, "mentor", lambda w: (w.request.pk,)),
    "matching:accept": Skip(POST_ONLY, "mentor", lambda w: (w.request.pk,)),
    "mentorship:action_item_done": Skip(
        POST_ONLY, "mentee", lambda w: (w.confirmed.action_items.first().pk,)
    ),
    "mentorship:accept_agreement": Skip(POST_ONLY, "mentee", mentorship_pk),
    "mentorship:goal_update": Skip(POST_ONLY, "mentee", lambda w: (w.goal.pk,)),
    "mentorship:pause": Skip(POST_ONLY, "mentee", mentorship_pk),
    "mentorship:fit_check": Skip(POST_ONLY, "mentee", mentorship_pk),
    "mentorship:session_confirm": Skip(POST_ONLY, "mentee", lambda w: (w.logged.pk,)),
    "mentorship:session_reflect": Skip(POST_ONLY, "mentee", lambda w: (w.confirmed.pk,)),
    "mentorship:session_cancel": Skip(POST_ONLY, "mentee", lambda w: (w.scheduled.pk,)),
    "mentorship:expense_delete": Skip(POST_ONLY, "mentor", lambda w: (w.expense.pk,)),
    "mentorship:programme_apply": Skip(POST_ONLY, "mentee", lambda w: (w.extra["cohort"],)),
    "mentorship:application_withdraw": Skip(
        POST_ONLY, "mentee", lambda w: (w.extra["application"],)
    ),
    "mentorship:claim_approve": Skip(
        POST_ONLY,
        "coordinator_2fa",
        lambda w: (*_this_month(), w.people["mentor"].pk),
    ),
    # Calendars, spreadsheets and codes to save: downloads, with no HTML for axe to check.
    "mentorship:session_ics": Skip(FILE, "mentee", lambda w: (w.scheduled.pk,)),
    "mentorship:calendar_feed": Skip(FILE, "visitor", lambda w: (w.calendar_token,)),
    "mentorship:cpd_csv": Skip(FILE, "mentor"),
    "mentorship:programme_csv": Skip(FILE, "coordinator_2fa"),
    "mentorship:claims_csv": Skip(FILE, "coordinator_2fa", lambda w: _this_month()),
    "mentorship:cohort_report_csv": Skip(
        FILE, "coordinator_2fa", lambda w: (w.mentorship.cohort_id,)
    ),
    "mfa_download_recovery_codes": Skip(FILE, "coordinator_2fa"),
    # Answers machines, not people.
    "healthz": Skip(
        "JSON for Docker and load balancers, not a page (tests/faults/test_healthz.py)"
    ),
    # allauth steps that exist only in the middle of a flow this site does not start.
    "account_set_password": Skip(
        "for members without a password; sign-up requires one, so it redirects to "
        "account_change_password, which is checked"
    ),
    "account_confirm_login_code": Skip(
        "sign-in by emailed code is not turned on: there is never a code to confirm"
    ),
}


def _this_month() -> tuple[int, int]:
    today = timezone.localdate()
    return today.year, today.month


def url_names(patterns: list, namespace: str = "") -> Iterator[str]:
    """Every URL name the resolver knows, with its namespaces; unnamed patterns as "<path>"."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue  # Django's admin: its most used pages are in ADMIN_PAGES
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"<{pattern.pattern}>"


def test_every_url_is_checked_or_skipped_for_a_reason():
    names = set(url_names(get_resolver().url_patterns))
    forgotten = sorted(names - PAGES.keys() - SKIPPED.keys())
    assert not forgotten, (
        f"URLs with no accessibility check: {forgotten}. Add each to PAGES in {__file__} "
        "(who sees it, with which arguments), or to SKIPPED with the reason it is not a page."
    )
    stale = sorted((PAGES.keys() | SKIPPED.keys()) - names)
    assert not stale, f"PAGES or SKIPPED name URLs that no longer exist: {stale}"
    assert not PAGES.keys() & SKIPPED.keys()


def build_world() -> World:
    coordinator = factories.coordinator(email="coordinator@example.org")
    coordinator_2fa = factories.coordinator(email="coordinator2@example.org")
    totp_secret = generate_totp_secret()
    TOTP.activate(coordinator_2fa, totp_secret)
    RecoveryCodes.activate(coordinator_2fa)
    mentor = factories.mentor(email="gwen@example.org", name="Gwen Price")
    mentee = factories.mentee(
        email="nia@example.org", name="Nia Hughes", group_name="Slate Bakery founders"
    )
    waiting = factories.mentee(email="eve@example.org", name="Eve Evans")
    requesting = factories.mentee(email="dai@example.org", name="Dai Davies")
    unverified = factories.user(email="new@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)

    pairing = factories.mentorship(mentor=mentor, mentee=mentee, by=coordinator)
    goal = goals_services.goal_create(
        mentorship=pairing, by=mentee, title="Produce our first annual accounts", why="The AGM"
    )
    conversations.message_post(
        mentorship=pairing, by=mentor, text="Shall we meet at the bakery? https://example.org/map"
    )
    now = timezone.now()
    scheduled = sessions.session_schedule(
        mentorship=pairing, by=mentee, starts_at=now + timedelta(days=5), duration_minutes=60,
        format="remote", link="https://meet.example.org/slate", agenda="Cash flow",
    )  # fmt: skip

    def log(days_ago: int, summary: str) -> Session:
        return sessions.session_log(
            mentorship=pairing,
            by=mentor,
            log=sessions.SessionLog(
                starts_at=now - timedelta(days=days_ago),
                duration_minutes=90,
                format="in_person",
                summary=summary,
                place="The bakery",
                topics=factories.skills("Bookkeeping"),
                action_items=[
                    sessions.ActionItemData(description="Draft the balance sheet", owner="mentee")
                ],
                goals=[sessions.GoalProgress(goal=goal, progress="under_way")],
                private_note="Only Gwen reads this.",
            ),
        )

    confirmed = log(3, "Year-end checklist")
    sessions.session_confirm(session=confirmed, by=mentee)
    log(2, "Cash-flow forecast")  # two sessions waiting for the mentee: two confirmation forms
    logged = log(1, "Trial balance")
    expense = hours.expense_add(
        session=confirmed, by=mentor, description="Train fare", amount=Decimal("12.50")
    )
    invitation = factories.invitation(inviter=mentee, email="carol@example.org")
    invitations.cohort_invitations_import(
        cohort_id=pairing.cohort_id,
        text="name,email,role,co_op\nOwen Jones,owen@example.org,mentee,Quarry Co-op\n",
        by=coordinator,
    )
    request = matching_services.mentor_request(member=requesting, mentor_id=mentor.pk)
    run = matching_services.match_run_create(by=coordinator)
    matching_services.match_run_execute(run.pk)  # proposes a mentor for Eve, who is waiting
    run.refresh_from_db()
    proposal = Proposal.objects.filter(run=run).first()
    assert proposal, "the matching run proposed nobody: the admin's proposal page has no object"
    application = factories.enrol(
        member=mentee, programme=factories.programme(name="Peer managers"), side="mentee",
        accepted=False,
    )  # fmt: skip
    start_up = factories.programme(name="Start-up groups", questions="What is your co-op for?")
    confirmation = EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified))
    return World(
        people={
            "mentor": mentor,
            "mentee": mentee,
            "waiting": waiting,
            "coordinator": coordinator,
            "coordinator_2fa": coordinator_2fa,
        },
        mentorship=pairing,
        goal=goal,
        scheduled=scheduled,
        logged=logged,
        confirmed=confirmed,
        expense=expense,
        invitation_token=invitation.token,
        unsubscribe_token=outbox.unsubscribe_token(mentee, outbox.switchable_kinds()[0][0]),
        calendar_token=calendar_services.calendar_feed_for(user=mentee).token,
        request=request,
        run=run,
        proposal=proposal,
        extra={
            "confirm_key": confirmation.key,
            "reset_uid": user_pk_to_url_str(mentee),
            "reset_key": default_token_generator.make_token(mentee),
            "totp_secret": totp_secret,
            "invitation": str(invitation.pk),
            "application": str(application.pk),
            "cohort": str(start_up.cohorts.get().pk),
            "cohort_invitation": CohortInvitation.objects.get(email="owen@example.org").token,
        },
    )


def become(page: Page, live_server_url: str, user: User | None, *, with_code: bool = False) -> None:
    """Start a fresh browser session as this member (None: a visitor), signed in on the server;
    `with_code`: as if they also typed an authenticator code, as coordinators must."""
    page.context.clear_cookies()
    if user is None:
        return
    client = Client()
    if with_code:
        factories.mfa_login(client, user)
    else:
        client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server_url}]
    )


def test_every_page_passes_axe_as_the_member_who_sees_it(page, live_server):
    world = build_world()
    order = ["visitor", "mentee", "waiting", "mentor", "coordinator", "coordinator_2fa"]
    everyone = {entry.who for entry in [*PAGES.values(), *SKIPPED.values()]} - {""}
    assert set(order) >= everyone
    found, wrong = [], []
    for who in order:
        if who == "coordinator_2fa":
            found.append(sign_in_with_2fa(page, live_server.url, world))
        else:
            become(page, live_server.url, world.people.get(who))
        for name, visit in PAGES.items():
            if visit.who == who and not visit.at_sign_in:
                found.append(check_page(page, live_server.url, world, name, visit))
        if who == "coordinator_2fa":
            for name, args in ADMIN_PAGES.items():
                path = reverse(name, args=args(world))
                response = page.goto(live_server.url + path)
                assert response and response.ok, f"{name} ({path}) answered {response.status}"
                found.append(accessibility_problems(page))
        # What SKIPPED says of a URL is true: a GET is refused (POST only), or is a download.
        for name, skip in SKIPPED.items():
            if skip.who == who:
                wrong.append(check_skip(page, live_server.url, world, name, skip))

    problems = "\n\n".join(problem for problem in found if problem)
    assert not problems, problems
    mistaken = "\n".join(mistake for mistake in wrong if mistake)
    assert not mistaken, f"SKIPPED is wrong about these URLs:\n{mistaken}"


def test_every_member_page_passes_axe_in_welsh(page, live_server):
    """The same pages in Welsh, which runs longer and brings its own words for controls. The
    coordinator's pages and the password re-check are left to the English sweep: their steps
    find fields by English labels."""
    world = build_world()
    found = []
    for who in ["visitor", "mentee", "waiting", "mentor"]:
        become(page, live_server.url, world.people.get(who))
        page.context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "cy", "url": live_server.url}]
        )
        for name, visit in PAGES.items():
            if visit.who == who and not (visit.at_sign_in or visit.reauthenticate):
                found.append(check_page(page, live_server.url, world, name, visit))
                lang = page.locator("html").get_attribute("lang")
                found.append("" if lang == "cy" else f"{name} is not in Welsh: lang={lang}")
    problems = "\n\n".join(problem for problem in found if problem)
    assert not problems, problems


def sign_in_with_2fa(page: Page, live_server_url: str, world: World) -> str:
    """Sign in with password and authenticator code; what axe finds on the code's page."""
    become(page, live_server_url, None)
    page.goto(live_server_url + reverse("account_login"))
    sign_in(page, email="coordinator2@example.org", password=factories.PASSWORD)
    expect(page).to_have_url(live_server_url + reverse("mfa_authenticate"))
    problems = accessibility_problems(page)
    # A code is good for its period only: one about to expire could be stale by the time it lands.
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left)
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD
    code = format_hotp_value(hotp_value(world.extra["totp_secret"], counter))
    labelled(page, "Code").fill(code)
    page.get_by_role("button", name="Sign In").click()
    expect(page).not_to_have_url(live_server_url + reverse("mfa_authenticate"))
    return problems


def check_page(page: Page, live_server_url: str, world: World, name: str, visit: Visit) -> str:
    """Open the page as a person would find it, and return what axe finds there."""
    path = reverse(name, args=visit.args(world))
    response = page.goto(live_server_url + path)
    assert response and response.ok, f"{name} ({path}) answered {response and response.status}"
    problems = ""
    # Asked only once the sign-in is older than ACCOUNT_REAUTHENTICATION_TIMEOUT (AccountAdapter).
    if visit.reauthenticate and page.get_by_role("heading", level=1, name="Confirm Access").count():
        problems = accessibility_problems(page)
        labelled(page, "Password").fill(factories.PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        expect(page).to_have_url(live_server_url + path)
    landed = urlparse(page.url).path
    assert visit.redirects or landed == path, f"{name} ({path}) sent {visit.who} to {landed}"
    return "\n\n".join(filter(None, [problems, accessibility_problems(page)]))


def check_skip(page: Page, live_server_url: str, world: World, name: str, skip: Skip) -> str:
    """What is wrong with skipping this URL (a page after all), or nothing."""
    response = page.request.get(
        live_server_url + reverse(name, args=skip.args(world)), max_redirects=0
    )
    kind = response.headers.get("content-type", "")
    if skip.reason == POST_ONLY and response.status != 405:
        return f"{name}: a GET answered {response.status}, not 405"
    if skip.reason == FILE and (not response.ok or kind.startswith("text/html")):
        return f"{name}: a GET answered {response.status} {kind}, not a download"
    return ""
