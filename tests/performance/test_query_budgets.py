"""Every page a member or coordinator uses makes a bounded number of queries, whatever the data.

Each page is rendered over a small and a large data set (see volume.grow) under the same
budget. A budget is the count measured on the small set plus a small margin, so a page that
queries once per row (an N+1) fails on the large set. A page within budget must also still list
its rows: the names a page shows are counted, and every admin list shows each of its rows, so a
page that saves queries by leaving rows out fails too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.models import (
    AuditEntry,
    GroupInvitation,
    Language,
    Organisation,
    OutboundEmail,
    Skill,
    User,
)
from matching.models import MatchPolicy, Proposal
from mentorship.models import (
    ClaimApproval,
    Cohort,
    Concern,
    Expense,
    Feedback,
    FitCheck,
    Goal,
    Mentorship,
    Programme,
    Session,
)
from mentorship.services import calendar as calendar_services
from tests import factories
from tests.performance import volume

SIZES = {"small": 2, "large": 40}


@dataclass
class World:
    pair: Mentorship
    alice: User
    bob: User
    grown: volume.Grown
    waiting: User
    n: int

    def session(self, status: str) -> Session:
        return self.pair.sessions.filter(status=status).order_by("pk").first()


@pytest.fixture(params=list(SIZES))
def world(request, pair, alice, bob, coordinator) -> World:
    grown = volume.grow(SIZES[request.param], pair=pair, alice=alice, coordinator=coordinator)
    calendar_services.calendar_feed_for(user=bob)
    waiting = factories.mentee(email="frank@example.org", name="Frank Fox")
    return World(
        pair=pair, alice=alice, bob=bob, grown=grown, waiting=waiting, n=SIZES[request.param]
    )


@dataclass(frozen=True)
class Page:
    url_name: str
    who: str  # a member of the cast, "anonymous", or "waiting" (a mentee with no mentor yet)
    budget: int
    args: Callable[[World], list] = lambda world: []
    query: str = ""
    post: Callable[[World], dict] | None = None
    # What the page lists: a pattern, and how many different texts it must match on the page.
    shows: Callable[[World], dict[str, int]] = lambda world: {}

    def __str__(self) -> str:
        method = "post" if self.post else "get"
        return f"{method}-{self.url_name}-{self.who}" + (f"?{self.query}" if self.query else "")

    def url(self, world: World) -> str:
        url = reverse(self.url_name, args=self.args(world))
        return f"{url}?{self.query}" if self.query else url


def _pairing_search(field_name: str, term: str) -> str:
    """What the manual pairing form's search boxes ask the admin's autocomplete view."""
    return f"app_label=mentorship&model_name=mentorship&field_name={field_name}&term={term}"


def _pk(model) -> Callable[[World], list]:
    return lambda world: [model.objects.order_by("pk").first().pk]


def _numbered(prefix: str) -> str:
    """The rows volume.grow names "Mentee 0", "Mentee 1"..."""
    return rf"\b{prefix} \d+\b"


def _name(name: str) -> dict[str, int]:
    return {re.escape(name): 1}


def _pair_page(partner: str) -> Callable[[World], dict[str, int]]:
    """A pairing's page: the partner, every goal, every session and every co-founder."""
    return lambda w: {
        **_name(partner),
        _numbered("Goal"): w.n,
        _numbered("Cofounder"): w.n,
        r'id="session-\d+"': w.pair.sessions.count(),
    }


MEMBER_PAGES = [
    Page("home", "alice", 4),
    Page("accounts:profile", "alice", 11, shows=lambda w: _name("Riverside founders")),
    Page("accounts:profile_edit", "alice", 13),
    Page(
        "accounts:group",
        "alice",
        11,
        shows=lambda w: {_numbered("Cofounder"): w.n, r"\binvited\d+@example\.org": w.n},
    ),
    Page("accounts:notifications", "alice", 4),
    Page(
        "accounts:invitation",
        "anonymous",
        3,
        lambda w: [GroupInvitation.objects.first().token],
        shows=lambda w: _name("Riverside founders"),
    ),
    Page("mentorship:dashboard", "bob", 8, shows=lambda w: {_numbered("Mentee"): w.n}),
    Page("mentorship:dashboard", "alice", 9, shows=lambda w: _name("Bob Bevan")),
    Page("mentorship:detail", "bob", 16, lambda w: [w.pair.pk], shows=_pair_page("Alice Ahmed")),
    Page("mentorship:detail", "alice", 16, lambda w: [w.pair.pk], shows=_pair_page("Bob Bevan")),
    Page("mentorship:goal_create", "alice", 6, lambda w: [w.pair.pk]),
    Page("mentorship:session_schedule", "bob", 6, lambda w: [w.pair.pk]),
    Page(
        "mentorship:session_log_new",
        "bob",
        6,
        lambda w: [w.pair.pk],
        shows=lambda w: {_numbered("Goal"): w.n},
    ),
    Page(
        "mentorship:session_log",
        "bob",
        10,
        lambda w: [w.pair.pk, w.session(Session.Status.LOGGED).pk],
        shows=lambda w: {_numbered("Goal"): w.n},
    ),
    Page("mentorship:end", "bob", 6, lambda w: [w.pair.pk]),
    Page("mentorship:concern", "alice", 6, lambda w: [w.pair.pk]),
    Page("mentorship:conversation", "bob", 10, lambda w: [w.pair.pk]),
    Page("mentorship:feedback", "alice", 6, lambda w: [w.pair.pk]),
    Page("mentorship:session_ics", "bob", 7, lambda w: [w.session(Session.Status.SCHEDULED).pk]),
    Page("mentorship:calendar", "bob", 5),
    Page("mentorship:programmes", "alice", 7),
    Page(
        "mentorship:calendar_feed",
        "anonymous",
        5,
        lambda w: [w.bob.calendar_feed.token],
        shows=lambda w: {r"UID:\S+": Session.objects.filter(mentorship__mentor=w.bob).count()},
    ),
    Page("mentorship:hours", "bob", 11, shows=lambda w: {_numbered("Mentee"): w.n}),
    Page("mentorship:expense_add", "bob", 6, lambda w: [w.session(Session.Status.LOGGED).pk]),
    Page(
        "mentorship:expense_edit",
        "bob",
        6,
        lambda w: [Expense.objects.filter(session__mentorship=w.pair).first().pk],
    ),
    Page("mentorship:cpd", "bob", 7, shows=lambda w: {_numbered("Mentee"): w.n}),
    Page("mentorship:cpd_csv", "bob", 7, shows=lambda w: {_numbered("Mentee"): w.n}),
    Page("matching:suggestions", "waiting", 26),
    Page("matching:requests", "bob", 5, shows=lambda w: {_numbered("Requester"): w.n}),
]


def _claims_month(world: World) -> list[int]:
    month = ClaimApproval.objects.first().month
    return [month.year, month.month]


def _every_pairing(world: World) -> dict[str, int]:
    n = world.n
    return {_numbered("Mentee"): n, _numbered("Mentor"): n, _numbered("Requester"): n}


COORDINATOR_PAGES = [
    Page("mentorship:programme", "coordinator", 10, shows=_every_pairing),
    Page("mentorship:programme_csv", "coordinator", 10, shows=_every_pairing),
    Page(
        "mentorship:claims",
        "coordinator",
        12,
        shows=lambda w: {_numbered("Mentee"): w.n, _numbered("Mentor"): w.n},
    ),
    Page(
        "mentorship:claims_csv",
        "coordinator",
        15,
        _claims_month,
        shows=lambda w: {_numbered("Mentee"): w.n},
    ),
    Page("mentorship:cohort_report", "coordinator", 11, lambda w: [w.pair.cohort_id]),
    Page("mentorship:cohort_report_csv", "coordinator", 11, lambda w: [w.pair.cohort_id]),
]

ADMIN_CHANGELISTS = {
    "accounts_user": 10, "accounts_memberprofile": 11, "accounts_menteeprofile": 10,
    "accounts_skill": 11, "accounts_organisation": 10, "accounts_language": 10,
    "accounts_groupinvitation": 10, "mentorship_mentorship": 10, "mentorship_programme": 11,
    "mentorship_cohort": 11, "mentorship_enrolment": 11, "mentorship_cohortinvitation": 11,
    "mentorship_session": 12, "mentorship_goal": 10, "mentorship_fitcheck": 10,
    "mentorship_feedback": 10, "mentorship_concern": 10, "mentorship_expense": 12,
    "mentorship_claimapproval": 12, "mentorship_claimadjustment": 12,
    "mentorship_refusedclaimchange": 12, "matching_matchpolicy": 10, "matching_matchrun": 10,
    "matching_proposal": 11, "accounts_auditentry": 13, "accounts_outboundemail": 13,
    # The schedules of the periodic tasks, seeded by a migration (django-celery-beat's admin).
    "django_celery_beat_periodictask": 13, "django_celery_beat_crontabschedule": 10,
    "django_celery_beat_intervalschedule": 10,
}  # fmt: skip


def _reject_every_proposal(world: World) -> dict:
    """The 'reject the selected pairings' action's page, which lists every pairing chosen."""
    return {
        "action": "reject_selected",
        "_selected_action": list(Proposal.objects.values_list("pk", flat=True)),
    }


ADMIN_PAGES = [
    Page("admin:index", "coordinator", 9),
    *(Page(f"admin:{name}_changelist", "coordinator", n) for name, n in ADMIN_CHANGELISTS.items()),
    Page("admin:accounts_user_changelist", "coordinator", 10, query="has_mentor=yes"),
    Page("admin:accounts_user_changelist", "coordinator", 10, query="q=example"),
    Page("admin:matching_proposal_changelist", "coordinator", 11, query="status=proposed"),
    Page("admin:mentorship_concern_changelist", "coordinator", 10, query="handled_at__isempty=1"),
    Page("admin:matching_proposal_changelist", "coordinator", 13, post=_reject_every_proposal),
    Page("admin:accounts_user_change", "coordinator", 19, lambda w: [w.bob.pk]),
    Page("admin:accounts_memberprofile_change", "coordinator", 17, lambda w: [w.bob.profile.pk]),
    Page(
        "admin:accounts_menteeprofile_change",
        "coordinator",
        13,
        lambda w: [w.alice.profile.mentee_profile_id],
    ),
    Page("admin:accounts_skill_change", "coordinator", 9, _pk(Skill)),
    Page("admin:accounts_organisation_change", "coordinator", 9, _pk(Organisation)),
    Page("admin:accounts_language_change", "coordinator", 9, _pk(Language)),
    Page("admin:accounts_groupinvitation_change", "coordinator", 12, _pk(GroupInvitation)),
    Page("admin:mentorship_mentorship_change", "coordinator", 14, lambda w: [w.pair.pk]),
    Page("admin:mentorship_programme_change", "coordinator", 10, _pk(Programme)),
    Page("admin:mentorship_session_change", "coordinator", 14, _pk(Session)),
    Page("admin:mentorship_goal_change", "coordinator", 13, _pk(Goal)),
    Page("admin:mentorship_fitcheck_change", "coordinator", 13, _pk(FitCheck)),
    Page("admin:mentorship_feedback_change", "coordinator", 13, _pk(Feedback)),
    Page("admin:mentorship_concern_change", "coordinator", 13, _pk(Concern)),
    Page("admin:mentorship_expense_change", "coordinator", 10, _pk(Expense)),
    Page("admin:mentorship_claimapproval_change", "coordinator", 11, _pk(ClaimApproval)),
    Page("admin:matching_matchpolicy_change", "coordinator", 9, _pk(MatchPolicy)),
    Page("admin:matching_matchrun_change", "coordinator", 11, lambda w: [w.grown.run.pk]),
    Page("admin:matching_proposal_change", "coordinator", 13, _pk(Proposal)),
    Page("admin:accounts_auditentry_change", "coordinator", 11, _pk(AuditEntry)),
    Page("admin:accounts_outboundemail_change", "coordinator", 9, _pk(OutboundEmail)),
    Page("admin:accounts_skill_add", "coordinator", 7),
    Page("admin:accounts_organisation_add", "coordinator", 7),
    Page("admin:matching_matchpolicy_add", "coordinator", 7),
    Page("admin:matching_proposal_pair", "coordinator", 8),
    Page("admin:autocomplete", "coordinator", 8, query=_pairing_search("mentor", "Mentor")),
    Page("admin:autocomplete", "coordinator", 8, query=_pairing_search("mentee", "Mentee")),
]


def _every_proposal(world: World) -> dict[str, int]:
    return {_numbered("Mentee"): world.n, _numbered("Requester"): world.n}


# A coordinator of the one programme the data is in, not a lead: the lists are narrowed through
# mentorship.selectors.scopes, and the members list by its rule for a programme people apply to.
SCOPED_PAGES = [
    Page("admin:matching_proposal_changelist", "scoped", 9, shows=_every_proposal),
    Page("admin:matching_proposal_changelist", "scoped", 9, query="status=proposed"),
    Page("admin:matching_proposal_changelist", "scoped", 10, post=_reject_every_proposal),
    Page(
        "admin:matching_matchrun_changelist",
        "scoped",
        8,
        shows=lambda w: {r"Matching run \d+ \(": w.n},
    ),
    Page("admin:matching_matchrun_start", "scoped", 8),
    Page("admin:accounts_user_changelist", "scoped", 10),
    Page("admin:accounts_menteeprofile_changelist", "scoped", 9),
    Page("admin:matching_proposal_pair", "scoped", 7),
    Page("admin:autocomplete", "scoped", 8, query=_pairing_search("mentor", "Mentor")),
    Page("admin:autocomplete", "scoped", 8, query=_pairing_search("mentee", "Mentee")),
]


def _scoped_coordinator() -> Client:
    """A coordinator of the site's programme only, which members apply to."""
    programme = Cohort.default().programme
    Programme.objects.filter(pk=programme.pk).update(admission=Programme.Admission.APPLICATION)
    coordinator = factories.coordinator(email="scoped@example.org", programmes=[programme])
    return factories.mfa_login(Client(), coordinator)


def _client(request, page: Page, world: World) -> Client:
    if page.who == "anonymous":
        return Client()
    if page.who == "scoped":
        return _scoped_coordinator()
    if page.who == "waiting":
        client = Client()
        client.force_login(world.waiting)
        return client
    return request.getfixturevalue(f"{page.who}_client")


@pytest.mark.parametrize(
    "page", MEMBER_PAGES + COORDINATOR_PAGES + ADMIN_PAGES + SCOPED_PAGES, ids=str
)
def test_the_page_stays_within_its_query_budget_for_a_small_and_a_large_programme(
    request, page, world, django_assert_max_num_queries
):
    client = _client(request, page, world)
    url, data = page.url(world), page.post(world) if page.post else None
    with django_assert_max_num_queries(page.budget):
        response = client.post(url, data) if data else client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    for pattern, count in page.shows(world).items():
        assert len(set(re.findall(pattern, content))) == count, f"{pattern} on {page}"
    if page.url_name.endswith("_changelist") and not (page.query or page.post):
        assert _admin_rows(content) == _admin_rows_expected(response), "rows left out"


def _admin_rows(content: str) -> int:
    table = re.search(r'<table id="result_list".*?<tbody>(.*?)</tbody>', content, re.S)
    return table[1].count("<tr") if table else 0


def _admin_rows_expected(response) -> int:
    """How many rows an admin list's first page should show, counted from the database."""
    model_admin = response.context["cl"].model_admin
    return min(model_admin.get_queryset(response.wsgi_request).count(), model_admin.list_per_page)


def test_every_admin_list_a_coordinator_may_view_has_a_budget(coordinator):
    request = RequestFactory().get("/")
    request.user = coordinator
    viewable = {
        f"{model._meta.app_label}_{model._meta.model_name}"
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_permission(request)
    }
    assert viewable == set(ADMIN_CHANGELISTS)
