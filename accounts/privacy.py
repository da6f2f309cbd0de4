"""A member's own data: download all of it, or delete the account and erase it.

`accounts` sits below `mentorship` and `matching` and must not import them, yet a member's data
lives in all three. So each app above registers, in its AppConfig.ready, an export section
(what it holds about a member) and an erasure step (what to end or erase before the account
goes). This module is that registry, and the one home of both journeys: it runs the sections
and steps, then does the accounts part itself.

Deleting an account keeps the User row: mentorships, sessions, hours and claims point at it
(PROTECT) and the programme's counts must not change. The row is emptied instead, and the
member shows as "former member" wherever their records remain.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import Action, audit_member_forget, audit_record, former_member_label
from accounts.models import (
    GroupInvitation,
    MemberBlock,
    MemberProfile,
    MenteeProfile,
    OutboundEmail,
    User,
)

ExportSection = Callable[[User], Any]
ErasureStep = Callable[[User], None]

_export_sections: dict[str, ExportSection] = {}
_erasure_steps: dict[str, ErasureStep] = {}

LAST_SUPERUSER = _(
    "You are the last superuser: make someone else a superuser before deleting your account."
)
EXPORT_FORMAT = 1


class AccountDeleteError(Exception):
    """An account that may not be deleted now, with a message for the member."""


def export_section_register(name: str, section: ExportSection) -> None:
    """Add a top-level key to every member's data export (called from an AppConfig.ready)."""
    _export_sections[name] = section


def erasure_step_register(name: str, step: ErasureStep) -> None:
    """Run `step(user)` when an account is deleted: after the User row is emptied (it already
    reads "former member" and is inactive), before the member's profile is removed.

    Steps run in the order registered, in the deletion's transaction; each must be safe to
    run on a member who has nothing for it to do.
    """
    _erasure_steps[name] = step


def former_member_email(user_id: int) -> str:
    # The reserved .invalid domain never routes, and the id keeps the unique constraint happy.
    return f"former-member-{user_id}@deleted.invalid"


# -- export ------------------------------------------------------------------------------


@transaction.atomic
def member_data_export(*, user: User) -> dict[str, Any]:
    """Everything the site holds about the member, as plain JSON-ready values.

    Read in one transaction so the sections agree with each other; the export is audited.
    """
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": _account_section(user),
    }
    for name, section in _export_sections.items():
        data[name] = section(user)
    audit_record(
        actor=user,
        actor_label=f"member #{user.pk}",
        action=Action.DATA_EXPORTED,
        target=user,
        target_label=f"member #{user.pk}",
    )
    return data


def _account_section(user: User) -> dict[str, Any]:
    profile = (
        MemberProfile.objects.select_related("organisation", "mentee_profile")
        .prefetch_related(
            "languages", "skills_offered", "conflicts", "mentee_profile__skills_wanted"
        )
        .filter(user=user)
        .first()
    )
    return {
        "user": {
            "id": user.pk,
            "email": user.email,
            "name": user.name,
            "date_joined": iso_or_none(user.date_joined),
            "last_login": iso_or_none(user.last_login),
            "is_staff": user.is_staff,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "notification_preferences": {"muted": list(user.muted_notifications or [])},
        "profile": _profile(profile),
        "mentee_profile": _mentee_profile(profile.mentee_profile if profile else None),
        "group_invitations": [
            {
                "email": invitation.email,
                "group": invitation.mentee_profile.group_name,
                "sent_by_you": invitation.invited_by_id == user.pk,
                "created_at": iso_or_none(invitation.created_at),
                "accepted_at": iso_or_none(invitation.accepted_at),
            }
            for invitation in GroupInvitation.objects.filter(
                Q(invited_by=user) | Q(accepted_by=user) | Q(email__iexact=user.email)
            ).select_related("mentee_profile")
        ],
        "blocked_members": [
            str(block.blocked)
            for block in MemberBlock.objects.filter(blocker=user).select_related("blocked")
        ],
        "emails_sent_to_you": [
            {
                **row,
                "created_at": iso_or_none(row["created_at"]),
                "sent_at": iso_or_none(row["sent_at"]),
            }
            for row in OutboundEmail.objects.filter(Q(recipient=user) | Q(to__iexact=user.email))
            .order_by("created_at", "pk")
            .values("kind", "subject", "status", "created_at", "sent_at")
        ],
    }


def _profile(profile: MemberProfile | None) -> dict[str, Any] | None:
    if profile is None:
        return None
    organisation = profile.organisation
    return {
        "role": profile.role,
        "organisation": (
            {"name": organisation.name, "kind": organisation.kind, "stage": organisation.stage}
            if organisation
            else None
        ),
        "sector": profile.sector,
        "region": profile.region,
        "languages": [language.code for language in profile.languages.all()],
        "meets_in_person": profile.meets_in_person,
        "meets_remotely": profile.meets_remotely,
        "time_zone": profile.time_zone,
        "hours_per_month": profile.hours_per_month,
        "bio": profile.bio,
        "skills_offered": [skill.name for skill in profile.skills_offered.all()],
        "years_experience": profile.years_experience,
        "sectors_known": profile.sectors_known,
        "capacity": profile.capacity,
        "conflicts_of_interest": [org.name for org in profile.conflicts.all()],
        "created_at": iso_or_none(profile.created_at),
        "updated_at": iso_or_none(profile.updated_at),
    }


def _mentee_profile(mentee: MenteeProfile | None) -> dict[str, Any] | None:
    if mentee is None:
        return None
    return {
        "group_name": mentee.group_name,
        "goals": mentee.goal_list,
        "skills_wanted": [skill.name for skill in mentee.skills_wanted.all()],
        "created_at": iso_or_none(mentee.created_at),
    }


def iso_or_none(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


# -- deletion ----------------------------------------------------------------------------


@transaction.atomic
def account_delete(*, user: User) -> bool:
    """Erase the member's personal data and close the account; False if it was already done.

    The row is locked first, so two deletions at once (a double click) do the work once.
    Erasure steps registered by other apps run after the row is emptied but while the
    member's profile still says which pairings they belong to.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_erased:
        return False
    if user.is_superuser and not (
        User.objects.filter(is_superuser=True, is_active=True).exclude(pk=user.pk).exists()
    ):
        raise AccountDeleteError(LAST_SUPERUSER)
    email, names = user.email, _names_of(user)
    # The row is emptied first, so whatever the steps below write or send (the other party's
    # notice, the coordinators' alert) already names a "former member", and nothing is
    # queued for the member themself.
    _erase_user_row(user)
    for step in _erasure_steps.values():
        step(user)
    _erase_membership(user)
    _erase_contact_data(user, email=email)
    audit_member_forget(user=user, names=names, email=email)
    label = former_member_label(user.pk)
    audit_record(
        actor=user,
        actor_label=label,
        action=Action.ACCOUNT_DELETED,
        target=user,
        target_label=label,
    )
    return True


def _names_of(user: User) -> list[str]:
    """What the audit log may call the member: their name, and the name their mentee profile
    shows if they made it (an enterprise group's own name is not a person's)."""
    shown = MenteeProfile.objects.filter(created_by=user, group_name="").values_list(
        "display_name", flat=True
    )
    return [user.name, *shown]


def _erase_membership(user: User) -> None:
    """Remove the member's profile; a group they belonged to lives on for its other members."""
    profile = MemberProfile.objects.select_related("mentee_profile").filter(user=user).first()
    mentee = profile.mentee_profile if profile else None
    MemberBlock.objects.filter(Q(blocker=user) | Q(blocked=user)).delete()
    if profile is not None:
        profile.delete()  # its languages, skills and conflicts go with it
    if mentee is None:
        return
    remaining = mentee.members.select_related("user").order_by("created_at", "pk").first()
    if remaining is not None:
        # The next co-founder leads the group and gives it their name.
        if mentee.created_by_id in (None, user.pk):
            mentee.created_by = remaining.user
            mentee.display_name = remaining.user.name or remaining.user.email
            mentee.save(update_fields=["created_by", "display_name", "updated_at"])
        return
    # Nobody is left: the mentee profile stays (its mentorships count) but says nothing.
    mentee.group_name = mentee.display_name = mentee.goals = ""
    mentee.created_by = None
    mentee.save(update_fields=["group_name", "display_name", "goals", "created_by", "updated_at"])
    mentee.skills_wanted.clear()
    GroupInvitation.objects.filter(mentee_profile=mentee, accepted_at__isnull=True).delete()


def _erase_contact_data(user: User, *, email: str) -> None:
    GroupInvitation.objects.filter(email__iexact=email, accepted_at__isnull=True).delete()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    to_them = OutboundEmail.objects.filter(Q(recipient=user) | Q(to__iexact=email))
    to_them.filter(status=OutboundEmail.Status.PENDING).delete()
    # Sent emails keep their row (its key stops a sweep from queuing them again), emptied.
    to_them.update(
        to=former_member_email(user.pk), body_text="", body_html="", headers={}, attachments=[]
    )


def _erase_user_row(user: User) -> None:
    user.email = former_member_email(user.pk)
    user.name = ""
    user.set_unusable_password()  # also ends every other session: their auth hash changes
    user.is_active = user.is_staff = user.is_superuser = False
    user.muted_notifications = []
    user.last_login = None
    user.erased_at = timezone.now()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
