"""Who gets what: every URL the resolver knows, asked for by each of the cast.

The URLs come from the resolver, so a new one cannot be forgotten: a URL name missing from
MATRIX (or, for the admin, from ADMIN_SITE, ADMIN_CUSTOM or COORDINATOR_ADMIN) fails
`test_every_url_has_a_row_in_the_matrix`, and so does a row for a URL that no longer exists.

A row reads across the cast in the order of ROLES: bob mentors alice's group (alice and carol);
erin mentors dave; the coordinator runs the programme. Objects in a row's path are the pair's
(alice's), and the answers are:

    200 403 404 405  that status
    login            302 to the sign-in page (the page needs a signed-in member)
    admin            302 to the admin's sign-in page (the admin needs a coordinator)
    302              a redirect elsewhere (to the page the form came from, or the next step)
    back             a redirect elsewhere that must have changed nothing (a refusal with a message)

Every POST that is refused (back, login, admin, 403, 404, 405) is checked to have changed no row,
and every answer's body is searched for the MARKERS of a pair its asker may not read (a page that
answers 200 but shows another pair's record, or anyone's private note but its author's).
Each request runs in a savepoint that is rolled back, so every case starts from the same world.

Objects are never reachable by guessing ids: for every row marked `owned`, alice, carol and bob
also ask with the other pair's ids (404), dave and erin get alice's and bob's answers on their
own pair's objects (so the 404s are not a broken fixture), and everyone signed in gets 404 for
ids that do not exist. Rows marked `bearer` are opened by a secret token: whoever holds it gets
in, and a made-up token gets 404.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_celery_beat.models import ClockedSchedule, IntervalSchedule, SolarSchedule

from accounts import outbox
from accounts.models import GroupInvitation, User
from matching import services as matching_services
from matching.models import MatchPolicy, Proposal
from mentorship.models import ActionItem, Cohort, CohortInvitation, Mentorship
from mentorship.project import health
from mentorship.rules import MENTEE_BENEFITS
from mentorship.selectors import hours as hours_selectors
from mentorship.services import calendar as calendar_services
from mentorship.services import conversations, goals, hours, invitations, relationship, sessions
from mentorship.services import feedback as feedback_services
from mentorship.services.errors import MentorshipError
from tests import factories

ROLES = ("anonymous", "alice", "carol", "bob", "dave", "erin", "coordinator")
ANSWERS = {"200", "403", "404", "405", "login", "admin", "302", "back"}
REFUSALS = {"back", "login", "admin", "403", "404", "405"}
NO_SUCH_ID = 999_999_999
NO_SUCH_TOKEN = "no-such-token-0000"


@dataclasses.dataclass(frozen=True)
class Objects:
    """One pair's things, by id or token: what that pair's URLs are built from."""

    mentorship: int
    goal: int
    scheduled: int  # in the diary
    logged: int  # logged by the mentor, waiting for the mentee's answer
    confirmed: int  # confirmed by the mentee, with an expense
    expense: int
    request: int  # a waiting mentee's request to this pair's mentor
    mentor: int
    calendar_token: str
    unsubscribe_token: str
    invitation_token: str  # an open invitation to join the mentee's group
    cohort_invitation_token: str  # a coordinator's invitation to the pair's cohort


MISSING = Objects(*[NO_SUCH_ID] * 8, *[NO_SUCH_TOKEN] * 4)


@dataclasses.dataclass(frozen=True)
class Row:
    """A URL's answers to GET (and POST, when it takes one), one per role in ROLES."""

    get: str
    post: str = ""
    args: Callable[[Objects], dict[str, Any]] = lambda o: {}
    data: Callable[[Objects], dict[str, Any]] = lambda o: {}
    owned: bool = False  # names a pair's object: only that pair may reach it
    bearer: bool = False  # opened by a secret token, whoever holds it

    def answers(self, method: str) -> dict[str, str]:
        words = (self.get if method == "GET" else self.post).split()
        assert len(words) == len(ROLES) and set(words) <= ANSWERS, f"bad row: {words}"
        return dict(zip(ROLES, words, strict=True))


def _later(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def _step_of(session_pk: int) -> int:
    """The next step logged with a session (the matrix's Objects name sessions, not steps)."""
    step = ActionItem.objects.filter(session_id=session_pk).values_list("pk", flat=True).first()
    return step or NO_SUCH_ID


def _cohort_of(mentorship_pk: int) -> int:
    cohort = Mentorship.objects.filter(pk=mentorship_pk).values_list("cohort_id", flat=True)
    return cohort.first() or NO_SUCH_ID


def _this_month() -> dict[str, int]:
    today = timezone.localdate()
    return {"year": today.year, "month": today.month}


MENTORSHIP = lambda o: {"pk": o.mentorship}  # noqa: E731
SESSION_LOG = {"duration_minutes": 60, "format": "remote", "summary": "We met.",
               "items-TOTAL_FORMS": 0, "items-INITIAL_FORMS": 0}  # fmt: skip
EXPENSE = {"description": "Bus fare", "amount": "3.20"}

# fmt: off
MATRIX: dict[str, Row] = {
    #                                  anonymous alice carol bob  dave erin coordinator
    "home":                        Row("200      200   200   200  200  200  200"),
    "accounts:privacy_notice":     Row("200      200   200   200  200  200  200"),
    # allauth, public: the steps of signing up, in and back in; a signed-in member is sent on.
    "account_login":               Row("200      302   302   302  302  302  302"),
    "account_signup":              Row("200      302   302   302  302  302  302"),
    "account_inactive":            Row("200      200   200   200  200  200  200"),
    "account_email_verification_sent":
                                   Row("200      200   200   200  200  200  200"),
    "account_confirm_email":       Row("200      200   200   200  200  200  200",
                                       args=lambda o: {"key": WORLD_KEYS["confirm_key"]}),
    "account_reset_password":      Row("200      200   200   200  200  200  200"),
    "account_reset_password_done": Row("200      200   200   200  200  200  200"),
    "account_reset_password_from_key":
                                   Row("302      302   302   302  302  302  302",
                                       args=lambda o: {"uidb36": WORLD_KEYS["reset_uid"],
                                                       "key": WORLD_KEYS["reset_key"]}),
    "account_reset_password_from_key_done":
                                   Row("200      200   200   200  200  200  200"),
    "healthz":                     Row("200      200   200   200  200  200  200",
                                  post="405      405   405   405  405  405  405"),
    # The language switch: anyone, by POST, back to the page they were on; a GET shows the choice.
    "accounts:language":           Row("200      200   200   200  200  200  200",
                                  post="302      302   302   302  302  302  302",
                                       data=lambda o: {"language": "cy", "next": "/"}),
    # allauth steps reached only in the middle of signing in: with none under way, visitors are
    # sent to sign in and members to their dashboard.
    "account_confirm_login_code":  Row("login    302   302   302  302  302  302"),
    "mfa_authenticate":            Row("login    302   302   302  302  302  302"),
    # allauth, the member's own account: sign-in needed, nothing of anyone else's in reach.
    # The coordinator has an authenticator (coordinators must), so their MFA pages differ.
    "account_logout":              Row("302      200   200   200  200  200  200"),
    "account_reauthenticate":      Row("login    200   200   200  200  200  200"),
    "account_email":               Row("login    200   200   200  200  200  200"),
    "account_change_password":     Row("login    200   200   200  200  200  200"),
    "account_set_password":        Row("login    302   302   302  302  302  302"),
    "mfa_index":                   Row("login    200   200   200  200  200  200"),
    "mfa_reauthenticate":          Row("login    302   302   302  302  302  200"),
    "mfa_activate_totp":           Row("login    302   302   302  302  302  302"),
    "mfa_deactivate_totp":         Row("login    404   404   404  404  404  302"),
    "mfa_view_recovery_codes":     Row("login    404   404   404  404  404  404"),
    "mfa_generate_recovery_codes": Row("login    302   302   302  302  302  302"),
    "mfa_download_recovery_codes": Row("login    404   404   404  404  404  404"),
    # The member's own pages: whoever is signed in sees their own. carol has joined alice's group
    # but not finished her profile, and the coordinator has none: both are sent to fill it in.
    "accounts:profile":            Row("login    200   302   200  200  200  302"),
    "accounts:profile_edit":       Row("login    200   200   200  200  200  200"),
    "accounts:group":              Row("login    200   200   302  200  302  302"),
    "accounts:notifications":      Row("login    200   200   200  200  200  200"),
    "accounts:data_export":        Row("login    200   200   200  200  200  200",
                                  post="login    200   200   200  200  200  200"),
    "accounts:account_delete":     Row("login    200   200   200  200  200  200",
                                  post="login    200   200   200  200  200  200",
                                       data=lambda o: {"confirmation": "not my password"}),
    "mentorship:dashboard":        Row("login    200   302   200  200  200  302"),
    "mentorship:calendar":         Row("login    200   200   200  200  200  200"),
    "mentorship:hours":            Row("login    200   200   200  200  200  200"),
    "mentorship:cpd":              Row("login    200   200   200  200  200  200"),
    "mentorship:cpd_csv":          Row("login    200   200   200  200  200  200"),
    "matching:suggestions":        Row("login    200   200   302  200  302  302"),
    "matching:requests":           Row("login    200   200   200  200  200  200"),
    "matching:request":            Row("405      405   405   405  405  405  405",
                                  post="login    back  back  back back back back",
                                       data=lambda o: {"mentor": o.mentor}),
    # Programmes: everyone signed in reads them and applies for themselves (gwen's programme;
    # the coordinator has no profile, so the service refuses with a message beside the form).
    "mentorship:programmes":       Row("login    200   200   200  200  200  200"),
    "mentorship:programme_apply":  Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  302  302  200",
                                       args=lambda o: {"cohort_pk": WORLD_KEYS["cohort"]}),
    # Only its member withdraws an application: gwen's is nobody's in the cast.
    "mentorship:application_withdraw":
                                   Row("405      405   405   405  405  405  405",
                                  post="login    404   404   404  404  404  404",
                                       args=lambda o: {"pk": WORLD_KEYS["application"]}),
    # Secret links from emails and calendars: the token is the proof.
    "accounts:unsubscribe":        Row("200      200   200   200  200  200  200",
                                  post="200      200   200   200  200  200  200",
                                       args=lambda o: {"token": o.unsubscribe_token}, bearer=True),
    "accounts:invitation":         Row("200      200   200   200  200  200  200",
                                       args=lambda o: {"token": o.invitation_token}, bearer=True),
    # Only the invited address may accept; everyone else is sent back to the invitation.
    "accounts:invitation_accept":  Row("405      405   405   405  405  405  405",
                                  post="login    back  back  back back back back",
                                       args=lambda o: {"token": o.invitation_token}, bearer=True),
    # The group's members revoke its invitations from the group page; 404 to everyone else.
    "accounts:invitation_revoke":  Row("405      405   405   405  405  405  405",
                                  post="login    302   302   404  404  404  404",
                                       args=lambda o: {"pk": WORLD_KEYS["invitation"]}),
    # A coordinator's invitation to a cohort: only the invited address may accept it.
    "mentorship:cohort_invitation":
                                   Row("200      200   200   200  200  200  200",
                                       args=lambda o: {"token": o.cohort_invitation_token},
                                       bearer=True),
    "mentorship:cohort_invitation_accept":
                                   Row("405      405   405   405  405  405  405",
                                  post="login    back  back  back back back back",
                                       args=lambda o: {"token": o.cohort_invitation_token},
                                       bearer=True),
    "mentorship:calendar_feed":    Row("200      200   200   200  200  200  200",
                                       args=lambda o: {"token": o.calendar_token}, bearer=True),
    # A pair's pages: its mentee's group and its mentor; 404 to everyone else.
    "mentorship:detail":           Row("login    200   200   200  404  404  404",
                                       args=MENTORSHIP, owned=True),
    "mentorship:accept_agreement": Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"meeting_frequency": "monthly",
                                                       "meeting_format": "remote"}, owned=True),
    # Goals are the mentee's: the mentor's form is refused by the service, with a message.
    "mentorship:goal_create":      Row("login    200   200   200  404  404  404",
                                  post="login    302   302   200  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"title": "Open a bank account"}, owned=True),
    "mentorship:goal_update":      Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"goal_pk": o.goal},
                                       data=lambda o: {"progress": "achieved", "note": "Done"},
                                       owned=True),
    "mentorship:session_schedule": Row("login    200   200   200  404  404  404",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"starts_at": _later(9), "format": "remote",
                                                       "duration_minutes": 60}, owned=True),
    # Only the mentor logs; the mentee side's form is refused by the service, with a message.
    "mentorship:session_log_new":  Row("login    200   200   200  404  404  404",
                                  post="login    200   200   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {**SESSION_LOG, "starts_at": _later(-1)},
                                       owned=True),
    "mentorship:session_log":      Row("login    200   200   200  404  404  404",
                                  post="login    200   200   302  404  404  404",
                                       args=lambda o: {"pk": o.mentorship,
                                                       "session_pk": o.logged},
                                       data=lambda o: {**SESSION_LOG, "starts_at": _later(-1)},
                                       owned=True),
    "mentorship:end":              Row("login    200   200   200  404  404  404",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"completed": "no", "reason": "Moving"},
                                       owned=True),
    "mentorship:pause":            Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"reason": "Harvest"}, owned=True),
    "mentorship:fit_check":        Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"good_fit": "yes"}, owned=True),
    "mentorship:concern":          Row("login    200   200   200  404  404  404",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"text": "A worry"}, owned=True),
    "mentorship:conversation":     Row("login    200   200   200  404  404  404",
                                  post="login    302   302   302  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"text": "Hello"}, owned=True),
    "mentorship:feedback":         Row("login    200   200   200  404  404  404",
                                  post="login    200   200   200  404  404  404", args=MENTORSHIP,
                                       data=lambda o: {"learned": "Patience"}, owned=True),
    "mentorship:session_confirm":  Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"session_pk": o.logged},
                                       data=lambda o: {"happened": "yes"}, owned=True),
    "mentorship:session_reflect":  Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"session_pk": o.confirmed},
                                       data=lambda o: {"text": "Useful"}, owned=True),
    "mentorship:session_cancel":   Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"session_pk": o.scheduled}, owned=True),
    "mentorship:session_move":     Row("login    200   200   200  404  404  404",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"session_pk": o.scheduled},
                                       data=lambda o: {"starts_at": _later(8), "format": "remote",
                                                       "duration_minutes": 45}, owned=True),
    # Either side ticks a next step off; the first logged session's step.
    "mentorship:action_item_done": Row("405      405   405   405  405  405  405",
                                  post="login    302   302   302  404  404  404",
                                       args=lambda o: {"item_pk": _step_of(o.confirmed)},
                                       owned=True),
    "mentorship:session_ics":      Row("login    200   200   200  404  404  404",
                                       args=lambda o: {"session_pk": o.scheduled}, owned=True),
    # The mentor's own hours: the mentee side cannot reach them either.
    "mentorship:expense_add":      Row("login    404   404   200  404  404  404",
                                  post="login    404   404   302  404  404  404",
                                       args=lambda o: {"session_pk": o.confirmed},
                                       data=lambda o: EXPENSE, owned=True),
    "mentorship:expense_edit":     Row("login    404   404   200  404  404  404",
                                  post="login    404   404   302  404  404  404",
                                       args=lambda o: {"expense_pk": o.expense},
                                       data=lambda o: EXPENSE, owned=True),
    "mentorship:expense_delete":   Row("405      405   405   405  405  405  405",
                                  post="login    404   404   302  404  404  404",
                                       args=lambda o: {"expense_pk": o.expense}, owned=True),
    # A request addressed to the pair's mentor (from a mentee who is waiting).
    "matching:accept":             Row("405      405   405   405  405  405  405",
                                  post="login    404   404   302  404  404  404",
                                       args=lambda o: {"mentorship_id": o.request}, owned=True),
    "matching:decline":            Row("405      405   405   405  405  405  405",
                                  post="login    404   404   302  404  404  404",
                                       args=lambda o: {"mentorship_id": o.request},
                                       data=lambda o: {"reason": "I know them"}, owned=True),
    # Coordinators' pages outside the admin: 403 to members.
    "mentorship:programme":        Row("login    403   403   403  403  403  200"),
    "mentorship:programme_csv":    Row("login    403   403   403  403  403  200"),
    "mentorship:claims":           Row("login    403   403   403  403  403  200"),
    "mentorship:claims_csv":       Row("login    403   403   403  403  403  200",
                                       args=lambda o: _this_month()),
    "mentorship:claim_approve":    Row("405      405   405   405  405  405  405",
                                  post="login    403   403   403  403  403  302",
                                       args=lambda o: {**_this_month(), "mentor_pk": o.mentor}),
    # The report of the pair's cohort (the coordinator is a lead: every programme is theirs).
    "mentorship:cohort_report":    Row("login    403   403   403  403  403  200",
                                       args=lambda o: {"pk": _cohort_of(o.mentorship)}),
    "mentorship:cohort_report_csv": Row("login    403   403   403  403  403  200",
                                       args=lambda o: {"pk": _cohort_of(o.mentorship)}),
}

# The admin's own pages. Non-staff members are sent to its sign-in page, which sends visitors on
# to allauth's (secure_admin_login) and refuses signed-in members who are not staff.
ADMIN_SITE: dict[str, Row] = {
    "admin:index":                 Row("admin    admin admin admin admin admin 200"),
    "admin:login":                 Row("login    403   403   403  403  403  302"),
    "admin:logout":                Row("302      302   302   302  302  302  405"),
    "admin:password_change":       Row("admin    admin admin admin admin admin 200"),
    "admin:password_change_done":  Row("admin    admin admin admin admin admin 200"),
    "admin:autocomplete":          Row("admin    admin admin admin admin admin 403"),
    "admin:jsi18n":                Row("admin    admin admin admin admin admin 200"),
    "admin:view_on_site":          Row("admin    admin admin admin admin admin 404",
                                       args=lambda o: {"content_type_id": WORLD_KEYS["ct"],
                                                       "object_id": o.mentorship}),
}

# Views added by a ModelAdmin's get_urls(), beyond its list, add, change, delete and history.
ADMIN_CUSTOM: dict[str, Row] = {
    "admin:auth_user_password_change":
                                   Row("admin    admin admin admin admin admin 200",
                                       args=lambda o: {"id": WORLD_KEYS["alice"]}),
    # The cohort picker; the site's cohort has a run queued already, so a second is refused.
    "admin:matching_matchrun_start":
                                   Row("admin    admin admin admin admin admin 200",
                                  post="admin    admin admin admin admin admin 302",
                                       data=lambda o: {"cohort": Cohort.default().pk}),
    "admin:matching_proposal_approve":
                                   Row("admin    admin admin admin admin admin 405",
                                  post="admin    admin admin admin admin admin 302",
                                       args=lambda o: {"pk": WORLD_KEYS["proposal"]}),
    "admin:matching_proposal_pair":
                                   Row("admin    admin admin admin admin admin 200"),
    # An empty form is shown again with its error: nothing imported.
    "admin:mentorship_cohort_invite":
                                   Row("admin    admin admin admin admin admin 200",
                                  post="admin    admin admin admin admin admin 200",
                                       args=lambda o: {"pk": WORLD_KEYS["cohort"]}),
}
# fmt: on

# What a coordinator may open for each model registered in the admin: "view" is its list, an
# object's page (read-only unless they may change it) and its history; "add" and "delete" their
# pages. Anything else answers 403; members are always sent to the admin's sign-in page. A model
# registered and missing here fails the test, so a new one gets a decision.
COORDINATOR_ADMIN: dict[str, str] = {
    # Members and their records: looked after, never created or deleted by hand.
    "accounts.user": "view",
    "accounts.memberprofile": "view",
    "accounts.menteeprofile": "view",
    "accounts.groupinvitation": "view",
    "accounts.outboundemail": "view",
    "accounts.auditentry": "view",
    "mentorship.mentorship": "view",
    "mentorship.session": "view",
    "mentorship.goal": "view",
    "mentorship.fitcheck": "view",
    "mentorship.feedback": "view",
    "mentorship.concern": "view",
    "mentorship.expense": "view",
    "mentorship.claimapproval": "view",
    "mentorship.refusedclaimchange": "view",
    "matching.proposal": "view",
    # Applications are decided by the action on their list (a service), never edited by hand.
    "mentorship.enrolment": "view",
    # Invitations are made on a cohort's "Invite members" page (a service), never by hand.
    "mentorship.cohortinvitation": "view",
    # The programme's reference lists and matching runs, which coordinators maintain.
    "accounts.skill": "view add delete",
    "mentorship.claimadjustment": "view add",
    "accounts.organisation": "view add",
    "accounts.language": "view add",
    "matching.matchpolicy": "view add",
    "matching.matchrun": "view add",
    # Programmes and their cohorts: set up and changed by coordinators, never deleted.
    "mentorship.programme": "view add change",
    "mentorship.cohort": "view add change",
    "django_celery_beat.periodictask": "view",
    "django_celery_beat.crontabschedule": "view",
    "django_celery_beat.intervalschedule": "view",
    # Rights, sign-in secrets and site plumbing: superusers only.
    "auth.group": "",
    "account.emailaddress": "",
    "mfa.authenticator": "",
    "sites.site": "",
    "django_celery_beat.clockedschedule": "",
    "django_celery_beat.solarschedule": "",
}

ADMIN_PAGES = ("changelist", "add", "change", "delete", "history")

# Each pair's record carries a marker in its goal, sessions and expense, and the mentor's private
# note another: every answer to every request is searched for the markers its asker may not read.
MARKERS = {"own": ("SHARED-RIVERSIDE", "PRIVATE-BEVAN"), "other": ("SHARED-DUNN", "PRIVATE-EVANS")}
PAIR_OF = {"alice": "own", "carol": "own", "bob": "own", "dave": "other", "erin": "other"}
AUTHOR = {"own": "bob", "other": "erin"}

# Values only known once the world is built (keys, tokens, ids outside a pair); set by `world`.
WORLD_KEYS: dict[str, Any] = {}


# -- the URL resolver ----------------------------------------------------------------------


def resolver_urls(patterns: list, namespace: str = "", prefix: str = "") -> Iterator[tuple]:
    """(name with namespaces, or None; route) for every URL pattern, through every include."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from resolver_urls(pattern.url_patterns, inner, route)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route


def admin_model_urls() -> dict[str, tuple[type, str]]:
    """{URL name: (model, page)} for the five standard pages of every registered ModelAdmin."""
    found = {}
    for model in admin.site._registry:
        opts = model._meta
        for page in ADMIN_PAGES:
            found[f"admin:{opts.app_label}_{opts.model_name}_{page}"] = (model, page)
    return found


def test_every_url_has_a_row_in_the_matrix():
    urls = list(resolver_urls(get_resolver().url_patterns))
    # The admin's catch-all and its redirects from old object URLs are its own; ours have names.
    unnamed = sorted(
        route
        for name, route in urls
        if name is None
        and not (route.startswith("admin/") and route.endswith(("/<path:object_id>/", ".*)$")))
    )
    assert not unnamed, f"URLs without a name cannot be put in the matrix: name them: {unnamed}"
    names = {name for name, _route in urls if name}
    generated = admin_model_urls()
    rows = MATRIX.keys() | ADMIN_SITE.keys() | ADMIN_CUSTOM.keys() | {"admin:app_list"}
    forgotten = sorted(names - rows - generated.keys())
    assert not forgotten, (
        f"URLs missing from the permission matrix: {forgotten}. Add a row to MATRIX in {__file__} "
        "(or ADMIN_CUSTOM for a ModelAdmin's own view) saying what each role gets."
    )
    stale = sorted((rows | generated.keys()) - names)
    assert not stale, f"the matrix has rows for URLs that no longer exist: {stale}"
    models = {model._meta.label_lower for model, _page in generated.values()}
    unlisted = sorted(models - COORDINATOR_ADMIN.keys())
    assert not unlisted, (
        f"models in the admin that COORDINATOR_ADMIN does not mention: {unlisted}. "
        "Say which of their pages a coordinator may open."
    )
    assert not COORDINATOR_ADMIN.keys() - models, "COORDINATOR_ADMIN names unregistered models"


# -- the world -----------------------------------------------------------------------------


def _furnish(
    which: str, mentorship: Mentorship, *, mentee: User, waiting: str, invite: str
) -> Objects:
    """A goal, a session in each state (one with an expense), and a request to the mentor,
    marked with the pair's MARKERS."""
    shared, private = MARKERS[which]
    now = timezone.now()
    mentor = mentorship.mentor
    goal = goals.goal_create(mentorship=mentorship, by=mentee, title=f"{shared} accounts")
    conversations.message_post(mentorship=mentorship, by=mentee, text=f"{shared} message")
    scheduled = sessions.session_schedule(
        mentorship=mentorship, by=mentee, starts_at=now + timedelta(days=5), duration_minutes=60,
        format="remote", agenda=f"{shared} agenda",
    )  # fmt: skip

    def log(days_ago: int) -> Any:
        return sessions.session_log(
            mentorship=mentorship,
            by=mentor,
            log=sessions.SessionLog(
                starts_at=now - timedelta(days=days_ago), duration_minutes=60, format="remote",
                summary=f"{shared} summary", private_note=f"{private} note",
                action_items=[sessions.ActionItemData(description=f"{shared} step", owner="mentee")],
            ),
        )  # fmt: skip

    confirmed = log(3)
    sessions.session_confirm(session=confirmed, by=mentee)
    logged = log(1)
    expense = hours.expense_add(
        session=confirmed, by=mentor, description=f"{shared} fare", amount=Decimal("12.50")
    )
    waiting = factories.mentee(email=waiting, name="Waiting Mentee")
    request = matching_services.mentor_request(member=waiting, mentor_id=mentor.pk)
    # dave's co-op is not a group, so both invitations are alice's (bearer links either way).
    alice = User.objects.get(email="alice@example.org")
    return Objects(
        mentorship=mentorship.pk,
        goal=goal.pk,
        scheduled=scheduled.pk,
        logged=logged.pk,
        confirmed=confirmed.pk,
        expense=expense.pk,
        request=request.pk,
        mentor=mentor.pk,
        calendar_token=calendar_services.calendar_feed_for(user=mentee).token,
        unsubscribe_token=outbox.unsubscribe_token(mentee, outbox.switchable_kinds()[0][0]),
        invitation_token=factories.invitation(inviter=alice, email=invite).token,
        cohort_invitation_token=_cohort_invitation(mentorship, email=f"cohort-{invite}"),
    )


def _cohort_invitation(mentorship: Mentorship, *, email: str) -> str:
    """An open invitation to the pair's cohort, for someone with no account: its token."""
    invitations.cohort_invitations_import(
        cohort_id=mentorship.cohort_id,
        text=f"name,email,role\nInvitee,{email},mentee\n",
        by=User.objects.get(email="coordinator@example.org"),
    )
    return CohortInvitation.objects.get(email=email).token


def _furnish_admin(coordinator: User) -> None:
    """A row of every model the admin shows, outside the two pairs, and the keys allauth mails."""
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    hana = factories.mentee(email="hana@example.org", name="Hana Hughes")
    third = factories.mentorship(mentor=gwen, mentee=hana, by=coordinator)
    this_month = hours_selectors.month_of(timezone.now())
    for days_ago in (3, 2, 1):  # last month: only a month that has ended can be approved
        done = sessions.session_log(
            mentorship=third, by=gwen,
            log=sessions.SessionLog(starts_at=hours_selectors.month_bounds(this_month)[0] - timedelta(days=days_ago),
                                    duration_minutes=60, format="remote", summary="We met."),
        )  # fmt: skip
        sessions.session_confirm(session=done, by=hana)
    feedback_services.fit_check_answer(mentorship=third, by=hana, good_fit=True)
    feedback_services.concern_report(mentorship=third, by=hana, text="A worry")
    feedback_services.feedback_give(
        mentorship=third, by=hana, learned="Much",
        ratings=dict.fromkeys(MENTEE_BENEFITS, 4),
    )  # fmt: skip
    hours.claim_approve(mentor=gwen, month=hours_selectors.month_of(done.starts_at), by=coordinator)
    with contextlib.suppress(MentorshipError):  # kept as a refused change
        sessions.session_confirm(session=done, by=hana, happened=False, note="x")
    hours.claim_adjustment_create(
        mentor=gwen, month=this_month, hours=Decimal(1), expenses=Decimal(0), reason="Missed",
        by=coordinator,
    )  # fmt: skip
    matching_services.match_run_create(by=coordinator)
    # A programme members apply to, and gwen's application to it.
    application = factories.enrol(
        member=gwen,
        programme=factories.programme(name="Peer managers"),
        side="mentor",
        accepted=False,
    )
    TOTP.activate(hana, generate_totp_secret())
    ClockedSchedule.objects.get_or_create(clocked_time=timezone.now() + timedelta(days=1))
    SolarSchedule.objects.get_or_create(event="sunrise", latitude=51.48, longitude=-3.18)
    IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.DAYS)
    health.heartbeat_record()  # a worker has run lately: /healthz answers 200
    unverified = factories.user(email="new@example.org")
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    alice = User.objects.get(email="alice@example.org")
    WORLD_KEYS.update(
        confirm_key=EmailConfirmationHMAC(EmailAddress.objects.get(user=unverified)).key,
        reset_uid=user_pk_to_url_str(alice),
        reset_key=default_token_generator.make_token(alice),
        ct=ContentType.objects.get_for_model(Mentorship).pk,
        alice=alice.pk,
        proposal=Proposal.objects.order_by("pk").first().pk,
        invitation=GroupInvitation.objects.get(email="ivy@example.org").pk,
        cohort=application.cohort_id,
        application=application.pk,
    )


@pytest.fixture
def world(cast, pair, other_pair, alice, dave, coordinator) -> tuple[Objects, Objects]:
    """(alice's pair's objects, dave's pair's objects), with a row of everything for the admin.

    After `cast`: signing in changes last_login, which a password reset key is made from."""
    WORLD_KEYS.clear()
    own = _furnish("own", pair, mentee=alice, waiting="una@example.org", invite="ivy@example.org")
    other = _furnish(
        "other", other_pair, mentee=dave, waiting="vic@example.org", invite="jo@example.org"
    )
    _furnish_admin(coordinator)
    return own, other


@pytest.fixture
def cast(alice_client, carol_client, bob_client, dave_client, coordinator_client, other_pair):
    erin_client = Client()
    erin_client.force_login(other_pair.mentor)
    return {
        "anonymous": Client(),
        "alice": alice_client,
        "carol": carol_client,
        "bob": bob_client,
        "dave": dave_client,
        "erin": erin_client,
        "coordinator": coordinator_client,
    }


# -- asking --------------------------------------------------------------------------------


def snapshot() -> dict[str, Any]:
    """Every row of the tables a member's request could touch, many-to-many links included:
    on PostgreSQL a digest per table, computed in one query (the walk takes hundreds)."""
    labels = ("accounts", "mentorship", "matching", "account", "mfa")
    models = [
        model
        for label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    if connection.vendor != "postgresql":
        return {m._meta.label: list(m._base_manager.order_by("pk").values()) for m in models}
    digest = "SELECT %s, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"
    # Table names come from the models, quoted; nothing here comes from a request.
    sql = " UNION ALL ".join(
        digest.format(connection.ops.quote_name(m._meta.db_table)) for m in models
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [m._meta.label for m in models])
        return dict(cursor.fetchall())


def ask(client: Client, method: str, url: str, data: dict, expected: str) -> tuple[str, str]:
    """The answer, in the matrix's words where it matches `expected`, and the body; rolled back.

    The client's cookies are put back too: a page that signs its visitor out (a password reset
    link does) must not sign them out of the rest of the walk."""
    cookies = copy.deepcopy(client.cookies)
    with transaction.atomic():
        before = snapshot() if method == "POST" and expected in REFUSALS else None
        try:
            response = client.get(url) if method == "GET" else client.post(url, data)
        except Exception as error:  # a crash is an answer too, and the matrix goes on
            transaction.set_rollback(True)
            client.cookies = cookies
            return f"500 ({type(error).__name__}: {error})", ""
        after = snapshot() if before is not None else None
        transaction.set_rollback(True)
    client.cookies = cookies
    answer = describe(response)
    if before is not None and after != before:
        changed = sorted(label for label in before if before[label] != after[label])
        answer = f"{answer}, and it changed {', '.join(changed)}"
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    return answer, raw.decode("utf-8", errors="replace")


def leaks(role: str, body: str, token_of: str | None) -> list[str]:
    """Markers of a pair that `role` may not read, found in a body (see MARKERS).

    Coordinators read every pair's shared record, in the admin and on their pages; nobody but
    its author ever reads a private note. A secret link shows its owner's pair (`token_of`)."""
    found = []
    for pair, (shared, private) in MARKERS.items():
        if private in body and role != AUTHOR[pair]:
            found.append(private)
        if shared in body and role != "coordinator" and pair not in (PAIR_OF.get(role), token_of):
            found.append(shared)
    return found


def describe(response: Any) -> str:
    status, location = response.status_code, response.get("Location", "")
    if status != 302:
        return str(status)
    if location.startswith(reverse("account_login")):
        return "login"
    if location.startswith(reverse("admin:login")):
        return "admin"
    return f"302 to {location}"


def matches(answer: str, expected: str) -> bool:
    if expected in ("302", "back"):
        return answer.startswith("302 to ") and "changed" not in answer
    return answer == expected


def walk(
    cast: dict[str, Client],
    name: str,
    kwargs: dict,
    data: dict,
    roles: dict,
    token_of: str | None = None,
) -> list[str]:
    """Ask for one URL as each role in `roles` ({role: {method: expected}}); what was wrong."""
    url = reverse(name, kwargs=kwargs)
    wrong = []
    for role, expectations in roles.items():
        for method, expected in expectations.items():
            answer, body = ask(cast[role], method, url, data, expected)
            if not matches(answer, expected):
                wrong.append(
                    f"{method} {url} ({name}) as {role}: expected {expected}, got {answer}"
                )
            if shown := leaks(role, body, token_of):
                wrong.append(f"{method} {url} ({name}) as {role} shows {', '.join(shown)}")
    return wrong


def methods(row: Row) -> tuple[str, ...]:
    return ("GET", "POST") if row.post else ("GET",)


def as_in_row(row: Row, roles: tuple[str, ...] = ROLES) -> dict[str, dict[str, str]]:
    """{role: {method: expected}} as the row says."""
    return {role: {method: row.answers(method)[role] for method in methods(row)} for role in roles}


def refused(row: Row, roles: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """What a guessed id or token gets: 404, unless the request is turned away before the lookup
    (a GET to a POST-only URL, a visitor sent to sign in)."""
    return {
        role: {
            method: answer if answer in ("405", "login") else "404"
            for method, answer in ((m, row.answers(m)[role]) for m in methods(row))
        }
        for role in roles
    }


def variants(mine: dict[str, Any], theirs: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """A path with `theirs` ids instead of `mine`: all of them, and each alone when there are more."""
    yield theirs
    if len(mine) > 1:
        for key in mine:
            if mine[key] != theirs[key]:
                yield {**mine, key: theirs[key]}


def count(roles: dict) -> int:
    return sum(len(expectations) for expectations in roles.values())


# -- the matrix ----------------------------------------------------------------------------


def test_each_role_gets_the_answer_the_matrix_gives_on_every_url(cast, world):
    own, _other = world
    # The markers are on the pages of those who may read them, so their absence elsewhere counts.
    shared, private = MARKERS["own"]
    log = reverse("mentorship:session_log", kwargs={"pk": own.mentorship, "session_pk": own.logged})
    assert shared in cast["alice"].get(reverse("mentorship:detail", args=[own.mentorship])).text
    assert private in cast["bob"].get(log).text
    wrong, cases = [], 0
    for name, row in MATRIX.items():
        expectations = as_in_row(row)
        token_of = "own" if row.bearer else None
        wrong += walk(cast, name, row.args(own), row.data(own), expectations, token_of)
        cases += count(expectations)
    print(f"\n{cases} (url, method, role) cases outside the admin")
    assert not wrong, "\n".join(wrong)


def test_no_member_reaches_an_object_by_guessing_its_id_or_token(cast, world):
    own, other = world
    wrong, cases = [], 0
    for name, row in MATRIX.items():
        if row.owned:
            # alice's pair with dave's pair's ids, all of them or one in a path of several: 404.
            for kwargs in variants(row.args(own), row.args(other)):
                expectations = refused(row, ("alice", "carol", "bob"))
                wrong += walk(cast, name, kwargs, row.data(own), expectations)
                cases += count(expectations)
            # ... and those ids are real: dave and erin get what alice and bob get on their own.
            expectations = {
                "dave": as_in_row(row)["alice"],
                "erin": as_in_row(row)["bob"],
            }
            wrong += walk(cast, name, row.args(other), row.data(other), expectations)
            cases += count(expectations)
        if row.owned or row.bearer:
            # Ids and tokens that do not exist: 404 for everyone (visitors are sent to sign in
            # first where the page needs it).
            for kwargs in variants(row.args(own), row.args(MISSING)):
                expectations = refused(row, ROLES)
                wrong += walk(cast, name, kwargs, row.data(own), expectations)
                cases += count(expectations)
    print(f"\n{cases} (url, method, role) cases with guessed ids and tokens")
    assert not wrong, "\n".join(wrong)


def admin_object(model: type) -> Any:
    """The row a model's change, delete and history pages are opened on: alice for members."""
    if model is User:
        return User.objects.get(email="alice@example.org")
    found = model._base_manager.order_by("pk").first()
    assert found is not None, f"no {model._meta.label} to open in the admin: add one in the world"
    return found


def test_each_role_gets_the_answer_the_matrix_gives_in_the_admin(cast, world):
    own, _other = world
    wrong, cases = [], 0
    for name, row in {**ADMIN_SITE, **ADMIN_CUSTOM}.items():
        expectations = as_in_row(row)
        wrong += walk(cast, name, row.args(own), row.data(own), expectations)
        cases += count(expectations)
    members = {role: {"GET": "admin"} for role in ROLES if role != "coordinator"}
    right_for = {"changelist": "view", "change": "view", "history": "view"}
    for name, (model, page) in admin_model_urls().items():
        rights = COORDINATOR_ADMIN.get(model._meta.label_lower, "").split()
        answer = "200" if right_for.get(page, page) in rights else "403"
        kwargs = {} if page in ("changelist", "add") else {"object_id": admin_object(model).pk}
        expectations = {**members, "coordinator": {"GET": answer}}
        wrong += walk(cast, name, kwargs, {}, expectations)
        cases += count(expectations)
    # An app's page in the admin exists for a coordinator who may see one of its models.
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        visible = any(
            "view" in rights.split()
            for label, rights in COORDINATOR_ADMIN.items()
            if label.startswith(f"{app_label}.")
        )
        expectations = {**members, "coordinator": {"GET": "200" if visible else "404"}}
        wrong += walk(cast, "admin:app_list", {"app_label": app_label}, {}, expectations)
        cases += count(expectations)
    print(f"\n{cases} (url, method, role) cases in the admin")
    assert not wrong, "\n".join(wrong)


# -- programmes: a coordinator of one programme and another programme's rows ------------------

# What programme B's rows show: its name, its members' names and addresses.
PROGRAMME_B_MARKERS = (
    "Start-up groups",
    "Erin Evans",
    "erin@example.org",
    "Dave Dunn",
    "dave@example.org",
    "Gwen Price",
)


@dataclasses.dataclass(frozen=True)
class TwoProgrammes:
    """Programme A (peer: bob mentors alice's group) run by `mine`; programme B (start-up: erin
    mentors dave, gwen's application waits) run by somebody else. `b` is B's rows by admin URL
    prefix ("matching_proposal": pk), `b_cohort` its cohort."""

    mine: Client
    b: dict[str, int]
    b_cohort: int
    b_proposal: int
    b_enrolment: int


@pytest.fixture
def two_programmes(alice, bob, dave, coordinator) -> TwoProgrammes:
    peer = factories.programme(name="Peer managers")
    start_up = factories.programme(name="Start-up groups")
    erin = factories.mentor(email="erin@example.org", name="Erin Evans")
    gwen = factories.mentor(email="gwen@example.org", name="Gwen Price")
    for member, programme, side in (
        (bob, peer, "mentor"),
        (alice, peer, "mentee"),
        (erin, start_up, "mentor"),
        (dave, start_up, "mentee"),
    ):
        factories.enrol(member=member, programme=programme, side=side)
    waiting = factories.enrol(member=gwen, programme=start_up, side="mentor", accepted=False)
    runs = {}
    for programme in (peer, start_up):
        cohort = programme.cohorts.get()
        runs[programme] = matching_services.match_run_execute(
            matching_services.match_run_create(by=coordinator, cohort=cohort).pk
        )
    proposal = runs[start_up].proposals.get()
    policy = MatchPolicy.objects.create(name="Start-up policy", programme=start_up)
    record = _pair_record(proposal.mentorship_id, mentor=erin, mentee=dave, lead=coordinator)
    mine = factories.coordinator(email="peer@example.org", programmes=[peer])
    return TwoProgrammes(
        mine=factories.mfa_login(Client(), mine),
        b={
            "matching_proposal": proposal.pk,
            "matching_matchrun": runs[start_up].pk,
            "matching_matchpolicy": policy.pk,
            "mentorship_mentorship": proposal.mentorship_id,
            "mentorship_enrolment": waiting.pk,
            "mentorship_cohort": start_up.cohorts.get().pk,
            "mentorship_programme": start_up.pk,
            "accounts_user": erin.pk,
            "accounts_memberprofile": erin.profile.pk,
            "accounts_menteeprofile": dave.profile.mentee_profile_id,
            **record,
        },
        b_cohort=start_up.cohorts.get().pk,
        b_proposal=proposal.pk,
        b_enrolment=waiting.pk,
    )


def _pair_record(mentorship_id: int, *, mentor: User, mentee: User, lead: User) -> dict[str, int]:
    """Programme B's pair approved and started, with one of each thing a pair records."""
    matching_services.proposal_approve(mentorship_id=mentorship_id, by=lead)
    for side in (mentor, mentee):
        relationship.agreement_accept(mentorship_id=mentorship_id, by=side)
    mentorship = Mentorship.objects.get(pk=mentorship_id)
    goal = goals.goal_create(mentorship=mentorship, by=mentee, title="Open a bank account")
    for days_ago in (3, 2, 1):  # feedback is asked for after the third confirmed session
        session = sessions.session_log(
            mentorship=mentorship, by=mentor,
            log=sessions.SessionLog(starts_at=timezone.now() - timedelta(days=days_ago),
                                    duration_minutes=60, format="remote", summary="We met."),
        )  # fmt: skip
        sessions.session_confirm(session=session, by=mentee)
    expense = hours.expense_add(
        session=session, by=mentor, description="Bus fare", amount=Decimal("3.20")
    )
    fit = feedback_services.fit_check_answer(mentorship=mentorship, by=mentee, good_fit=True)
    concern = feedback_services.concern_report(mentorship=mentorship, by=mentee, text="A worry")
    given = feedback_services.feedback_give(
        mentorship=mentorship, by=mentee, learned="Much", ratings=dict.fromkeys(MENTEE_BENEFITS, 4)
    )
    return {
        "mentorship_goal": goal.pk,
        "mentorship_session": session.pk,
        "mentorship_expense": expense.pk,
        "mentorship_fitcheck": fit.pk,
        "mentorship_concern": concern.pk,
        "mentorship_feedback": given.pk,
    }


def _posts_on_programme_b(b: TwoProgrammes) -> list[tuple[str, dict, dict]]:
    """(URL name, path kwargs, data) of every write a coordinator could aim at B's rows."""
    changes = {
        "mentorship_programme": {"name": "Taken over", "slug": "taken", "kind": "other"},
        "matching_matchpolicy": {"name": "Taken over", "min_score": "0.9"},
        "mentorship_cohort": {"programme": b.b["mentorship_programme"], "name": "Taken over"},
        "accounts_user": {"email": "taken@example.org", "name": "Taken over"},
        "mentorship_concern": {"handled_at_0": "2027-01-01", "handled_at_1": "10:00"},
    }
    posts = [
        (f"admin:{prefix}_{page}", {"object_id": pk}, changes.get(prefix, {"post": "yes"}))
        for prefix, pk in b.b.items()
        for page in ("change", "delete")
    ]
    actions = {
        "matching_proposal": ("approve_selected", "reject_selected"),
        "mentorship_enrolment": ("accept", "decline"),
    }
    for prefix, names in actions.items():
        for action in names:
            data = {"action": action, "_selected_action": [b.b[prefix]], "reason": "No"}
            posts.append((f"admin:{prefix}_changelist", {}, data))
    posts += [
        ("admin:matching_proposal_approve", {"pk": b.b_proposal}, {}),
        ("admin:matching_matchrun_start", {}, {"cohort": b.b_cohort}),
    ]
    return posts


def _shows_programme_b(body: str) -> list[str]:
    return [marker for marker in PROGRAMME_B_MARKERS if marker in body]


def test_a_coordinator_of_one_programme_reaches_nothing_of_another(two_programmes):
    b, wrong, cases = two_programmes, [], 0
    not_there = f"302 to {reverse('admin:index')}"
    # Lists, searches and the run start page: none of B's rows or members.
    search = {"app_label": "mentorship", "model_name": "mentorship", "term": ""}
    lists = [reverse(f"admin:{prefix}_changelist") for prefix in b.b]
    lists += [reverse("admin:matching_matchrun_start")]
    lists += [
        f"{reverse('admin:autocomplete')}?{urlencode({**search, 'field_name': field})}"
        for field in ("mentor", "mentee")
    ]
    for url in lists:
        answer, body = ask(b.mine, "GET", url, {}, "200")
        cases += 1
        if answer != "200" or _shows_programme_b(body):
            wrong.append(f"GET {url}: {answer}, shows {_shows_programme_b(body)}")
    # B's rows by their address: sent back to the admin's index (Django's "not found"), or
    # refused outright.
    for prefix, pk in b.b.items():
        for page in ("change", "history", "delete"):
            url = reverse(f"admin:{prefix}_{page}", kwargs={"object_id": pk})
            answer, body = ask(b.mine, "GET", url, {}, "200")
            cases += 1
            if answer not in (not_there, "403", "404") or _shows_programme_b(body):
                wrong.append(f"GET {url}: expected {not_there}, 403 or 404, got {answer}")
    # Every write aimed at B's rows: refused, redirected or re-shown, and nothing changed.
    for name, kwargs, data in _posts_on_programme_b(b):
        url = reverse(name, kwargs=kwargs)
        answer, body = ask(b.mine, "POST", url, data, "back")
        cases += 1
        refused = answer in ("403", "404") or answer.startswith("302 to ")
        if name == "admin:matching_matchrun_start":
            refused = answer == "200"  # the picker, re-shown with its error beside the field
        if not refused or "changed" in answer or _shows_programme_b(body):
            wrong.append(f"POST {url} ({name}): got {answer}")
    print(f"\n{cases} (url, method) cases of programme A's coordinator on programme B")
    assert not wrong, "\n".join(wrong)


def test_a_lead_coordinator_reaches_both_programmes(two_programmes, coordinator_client):
    b, wrong = two_programmes, []
    for prefix, pk in b.b.items():
        body = coordinator_client.get(reverse(f"admin:{prefix}_changelist")).text
        if not _shows_programme_b(body):
            wrong.append(f"{prefix} list shows nothing of programme B")
        page = reverse(f"admin:{prefix}_change", kwargs={"object_id": pk})
        if (status := coordinator_client.get(page).status_code) != 200:
            wrong.append(f"GET {page}: {status}")
    start = coordinator_client.get(reverse("admin:matching_matchrun_start")).text
    if "Start-up groups · Spring" not in start:
        wrong.append("the run start page does not offer programme B's cohort")
    assert not wrong, "\n".join(wrong)
