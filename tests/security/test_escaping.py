"""Markup a member types is shown as text, never run: on every page and in every HTML email.

Every free-text field of our models is either in MEMBER_TEXT (someone types it on the site or in
the admin, and it is shown to people) or in NOT_MEMBER_TEXT with the reason; a new field in neither
fails `test_every_text_field_is_classified`. Each member-text field of the axe test's world is then
set, straight in the database (past every form), to a payload with a script and an event handler;
every page of the site, the admin pages about those rows, and every kind of email are rendered, and
none may contain the payload's raw tags. Each field must show up, escaped, somewhere.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts import emails as account_emails
from accounts.models import GroupInvitation, OutboundEmail
from mentorship import emails
from mentorship.models import CohortInvitation, Concern, Feedback
from mentorship.services.feedback import fit_check_answer
from tests import factories
from tests.e2e.test_e2e_axe_pages import build_world
from tests.security.test_csp import pages_as_their_visitors

RAW = ("<script>alert(1)</script>", "<b onmouseover=x>")

MEMBER_TEXT = {
    "accounts.User.name",
    "accounts.Organisation.name",
    "accounts.MenteeProfile.group_name",
    "accounts.MenteeProfile.display_name",
    "accounts.MenteeProfile.goals",
    "accounts.MemberProfile.sector",
    "accounts.MemberProfile.region",
    "accounts.MemberProfile.bio",
    "accounts.MemberProfile.sectors_known",
    "mentorship.MentorshipTransition.reason",
    "mentorship.Goal.title",
    "mentorship.Goal.why",
    "mentorship.Goal.measure",
    "mentorship.GoalUpdate.note",
    "mentorship.Session.place",
    "mentorship.Session.agenda",
    "mentorship.Session.summary",
    "mentorship.Session.dispute_note",
    "mentorship.Session.mentee_reflection",
    "mentorship.ActionItem.description",
    "mentorship.PrivateNote.text",
    "mentorship.FitCheck.comment",
    "mentorship.Concern.text",
    "mentorship.Concern.handled_note",
    "mentorship.Feedback.learned",
    "mentorship.Expense.description",
    "mentorship.Programme.name",
    "mentorship.Programme.description",
    "mentorship.Programme.agreement_text",
    "mentorship.Programme.questions",
    "mentorship.Cohort.name",
    "mentorship.CohortInvitation.name",
    "mentorship.CohortInvitation.co_op",
    "mentorship.Message.text",
}

NOT_MEMBER_TEXT = {
    "accounts.User.password": "a hash",
    "accounts.Language.code": "reference data from a migration",
    "accounts.Language.name": "reference data from a migration",
    "accounts.Language.native_name": "reference data from a migration",
    "accounts.Skill.name": "the skills taxonomy, from a migration",
    "accounts.Skill.category": "the skills taxonomy, from a migration",
    "accounts.Skill.synonyms": "the skills taxonomy, from a migration",
    "accounts.GroupInvitation.token": "random, made by the site",
    "mentorship.CohortInvitation.token": "random, made by the site",
    "accounts.OutboundEmail.key": "made by the site",
    "accounts.OutboundEmail.kind": "made by the site",
    "accounts.OutboundEmail.subject": "rendered from templates, escaped there",
    "accounts.OutboundEmail.body_text": "rendered from templates, escaped there",
    "accounts.OutboundEmail.body_html": "rendered from templates, escaped there",
    "accounts.OutboundEmail.about": "made by the site",
    "accounts.OutboundEmail.last_error": "an SMTP server's answer, shown in the admin only",
    "accounts.AuditEntry.actor_label": "copied from User.name and emails, checked there",
    "accounts.AuditEntry.target_id": "a primary key",
    "accounts.AuditEntry.target_label": "copied from names, checked there",
    "accounts.CalendarFeed.token": "random, made by the site",
    "mentorship.CalendarFeed.token": "random, made by the site",
    "mentorship.Heartbeat.name": "made by the site",
    "mentorship.Programme.slug": "letters, digits and hyphens only (a SlugField)",
    "matching.MatchPolicy.name": "typed by coordinators, admin only",
    "mentorship.ClaimAdjustment.reason": "typed by coordinators, for the claims page and CSV",
    "matching.MatchRun.progress_note": "made by the site",
    "matching.MatchRun.error": "a traceback summary, admin only",
    "mentorship.SessionLogVersion.summary": "an earlier Session.summary, kept, shown on no page",
    "accounts.MemberProfile.phone": "digits, spaces, brackets, dashes and + only (PHONE_VALIDATOR)",
    "mentorship.Session.link": "a URLField: http(s) links only, shown as an escaped href",
}


def payload(label: str) -> str:
    return f"<b onmouseover=x>{label}</b><script>alert(1)</script>"


def escaped_marker(label: str) -> str:
    return f"&lt;b onmouseover=x&gt;{label}"


def text_fields() -> set[str]:
    found = set()
    for app in ("accounts", "mentorship", "matching"):
        for model in apps.get_app_config(app).get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, (models.CharField, models.TextField)) and not (
                    field.choices or isinstance(field, models.EmailField)
                ):
                    found.add(f"{app}.{model.__name__}.{field.name}")
    return found


def test_every_text_field_is_classified():
    found = text_fields()
    unclassified = sorted(found - MEMBER_TEXT - NOT_MEMBER_TEXT.keys())
    assert not unclassified, f"add to MEMBER_TEXT or NOT_MEMBER_TEXT in {__file__}: {unclassified}"
    assert not MEMBER_TEXT & NOT_MEMBER_TEXT.keys()
    assert found >= MEMBER_TEXT, sorted(MEMBER_TEXT - found)


def _label(path: str) -> str:
    """A short, unique marker per field: the payload must fit the shortest max_length (100)."""
    _app, model, field = path.split(".")
    return f"{model}.{field}"


# Left empty where a member left it empty: pages fall back to another field (display_name).
KEEP_EMPTY = {"accounts.MenteeProfile.group_name"}


def _fill_every_member_text_field() -> None:
    for path in sorted(MEMBER_TEXT):
        app, model_name, field = path.split(".")
        model = apps.get_model(app, model_name)
        rows = model.objects.exclude(**{field: ""}) if path in KEEP_EMPTY else model.objects
        for pk in rows.values_list("pk", flat=True):
            # A suffix keeps values apart where a name must be unique (organisations).
            model.objects.filter(pk=pk).update(**{field: payload(f"{_label(path)}#{pk}")})


def _rows_only_the_admin_shows(world) -> None:
    mentorship, mentee = world.mentorship, world.people["mentee"]
    fit_check_answer(mentorship=mentorship, by=mentee, good_fit=False, comment="x")
    Concern.objects.create(mentorship=mentorship, raised_by=mentee, text="x", handled_note="y")
    Feedback.objects.create(
        mentorship=mentorship, by=mentee, side="mentee", moment="midway", learned="x"
    )


def _admin_pages(client: Client) -> dict[str, str]:
    """The change list and the first change page of every admin model with member text."""
    pages = {}
    models_with_text = {tuple(path.split(".")[:2]) for path in MEMBER_TEXT}
    for model in admin.site._registry:
        if (model._meta.app_label, model.__name__) not in models_with_text:
            continue
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages[f"{info}_changelist"] = client.get(reverse(f"{info}_changelist")).content.decode()
        first = model.objects.first()
        if first is not None:
            try:
                url = reverse(f"{info}_change", args=[first.pk])
            except NoReverseMatch:
                continue
            pages[f"{info}_change"] = client.get(url).content.decode()
    return pages


def _send_every_kind_of_email(world) -> dict[str, str]:
    """Each email kind rendered about the world's rows; {kind: HTML body}.

    Subjects and plain-text bodies are not HTML: they carry the text as typed (tested below)."""
    OutboundEmail.objects.all().delete()
    pairing, mentee, mentor = world.mentorship, world.people["mentee"], world.people["mentor"]
    session, logged = world.scheduled, world.logged
    emails.notify_introduction(pairing, ["You both know bookkeeping"])
    emails.notify_coordinators(
        alert=emails.CoordinatorAlert.ENDED, topic="t", mentorship=pairing, by=mentee
    )
    emails.notify_session_logged(logged)
    emails.notify_session_reminder(session, [mentee])
    emails.notify_log_reminder(session, final=False)
    emails.notify_confirm_reminder(logged, [mentee])
    emails.notify_inactivity(pairing, since=date(2025, 1, 1), recipients=[mentee])
    emails.notify_feedback_due(pairing, moment="midway")
    emails.notify_ending_soon(pairing, [mentee])
    emails.notify_action_items_due(
        mentee, list(logged.action_items.all()), due_on=timezone.localdate()
    )
    emails.notify_partner_left(pairing, left=mentor)
    emails.notify_new_messages(pairing, recipient=mentor, messages=list(pairing.messages.all()))
    account_emails.notify_group_invitation(GroupInvitation.objects.first())
    cohort_invitation = CohortInvitation.objects.select_related("cohort__programme").first()
    emails.notify_cohort_invitation(cohort_invitation, cohort=cohort_invitation.cohort)
    rows = OutboundEmail.objects.order_by("pk")
    return {f"{row.kind}:{row.pk}": row.body_html for row in rows}


@pytest.mark.django_db
def test_member_text_is_escaped_on_every_page_and_in_every_email():
    world = build_world()
    _rows_only_the_admin_shows(world)
    _fill_every_member_text_field()
    for user in world.people.values():
        user.refresh_from_db()
    world.mentorship.refresh_from_db()

    shown: dict[str, str] = {}
    for name, _path, response in pages_as_their_visitors(world):
        shown[name] = response.content.decode()
    mentor = Client()
    mentor.force_login(world.people["mentor"])
    log = reverse("mentorship:session_log", args=[world.mentorship.pk, world.logged.pk])
    shown["session_log (a logged session, with its private note)"] = mentor.get(
        log
    ).content.decode()
    shown.update(_admin_pages(factories.mfa_login(Client(), world.people["coordinator_2fa"])))
    shown.update(_send_every_kind_of_email(world))

    raw = {name: [tag for tag in RAW if tag in html] for name, html in shown.items()}
    assert not {name: tags for name, tags in raw.items() if tags}
    everything = "\n".join(shown.values())
    unseen = sorted(path for path in MEMBER_TEXT if escaped_marker(_label(path)) not in everything)
    assert not unseen, f"these fields were shown nowhere, so their escaping is untested: {unseen}"


@pytest.mark.django_db
def test_plain_text_emails_carry_what_the_member_typed_not_html_entities(pair, alice):
    from mentorship.emails import notify_introduction

    pair.mentor.name = "Siân O'Brien & <Co>"
    pair.mentor.save(update_fields=["name"])
    OutboundEmail.objects.all().delete()
    notify_introduction(pair, ["You both know bookkeeping"])
    to_mentee = OutboundEmail.objects.get(recipient=alice)
    assert "Siân O'Brien & <Co>" in to_mentee.body_text
    assert "&#x27;" not in to_mentee.body_text + to_mentee.subject
    assert "Siân O&#x27;Brien &amp; &lt;Co&gt;" in to_mentee.body_html
