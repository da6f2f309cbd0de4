"""Writes to members' data. Views and the allauth adapter call these; nothing else writes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from allauth.core import ratelimit
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts import emails
from accounts.models import (
    GroupInvitation,
    Language,
    MemberProfile,
    MenteeProfile,
    Organisation,
    Skill,
    User,
)

SESSION_TIME_ZONE_KEY = "member_time_zone"


class InvitationError(Exception):
    """An invitation that cannot be sent or accepted, with a message for the member."""


INVITATION_FOR_ANOTHER_ADDRESS = _(
    "This invitation was sent to another email address. Sign in with that address to accept it."
)
INVITATION_ALREADY_USED = _("This invitation has already been accepted.")
INVITATION_TO_SELF = _("You are already part of this group.")
INVITATION_NEEDS_GROUP = _(
    "Name your enterprise group in your profile before inviting co-founders."
)
INVITATION_REVOKED = _(
    "This invitation was withdrawn by the group. Ask them for a new one if you still want to join."
)
INVITATION_EXPIRED = _("This invitation has expired. Ask the group to send you a new one.")
INVITATION_ALREADY_WAITING = _(
    "This address already has an invitation waiting. To send a new one, revoke it first."
)
INVITATION_TOO_MANY_OPEN = _(
    "Your group has as many invitations waiting as it may have. Revoke one, or wait until they "
    "are accepted or expire, before inviting someone else."
)
INVITATION_DAILY_LIMIT = _(
    "You have sent as many invitations as you may today. Please try again tomorrow."
)
INVITATION_NOT_YOURS = _("Only members of the group can revoke its invitations.")
# The key of the group invitations' rate in settings.ACCOUNT_RATE_LIMITS.
INVITATION_RATE_LIMIT_ACTION = "group_invitation"
INVITATION_OPEN_MENTORSHIP = _(
    "You have an open mentorship as a mentee; end it, or ask a coordinator, before joining "
    "another group."
)


@dataclass(frozen=True, kw_only=True)
class ProfileData:
    """Everything the profile form collects, as plain values."""

    name: str
    role: str
    organisation_name: str
    organisation_kind: str
    organisation_stage: str
    sector: str
    region: str
    languages: Iterable[Language]
    meets_in_person: bool
    meets_remotely: bool
    time_zone: str
    hours_per_month: int | None  # None: asked of mentors only, so a mentee's is left as it is
    bio: str
    skills_offered: Iterable[Skill] = ()
    years_experience: int | None = None
    sectors_known: str = ""
    capacity: int = 1
    group_name: str = ""
    goals: str = ""
    skills_wanted: Iterable[Skill] = ()
    conflict_names: list[str] = field(default_factory=list)
    phone: str = ""
    show_email: bool = False
    show_phone: bool = False


def organisation_get_or_create(*, name: str, kind: str = "", stage: str = "") -> Organisation:
    """Find an organisation by name in any letter case, creating it the first time it is named."""
    name = " ".join(name.split())
    organisation = Organisation.objects.filter(name__iexact=name).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name,
            kind=kind or Organisation.Kind.OTHER,
            stage=stage or Organisation.Stage.IDEA,
        )
    return organisation


ORGANISATION_FACTS_KEPT = _(
    "Other members belong to %(organisation)s, so its type and stage are kept as they are: "
    "ask a coordinator to change them."
)


def organisation_is_shared(*, organisation: Organisation | None, user: User) -> bool:
    """Whether other members belong to this organisation. Its kind and stage (which matching
    reads) are then what they all see, so only a coordinator changes them, in the admin."""
    return organisation is not None and organisation.members.exclude(user=user).exists()


# The profile's fields saved just as the form gives them.
_PROFILE_FIELDS_AS_TYPED = (
    "role",
    "sector",
    "region",
    "meets_in_person",
    "meets_remotely",
    "time_zone",
    "bio",
    "years_experience",
    "sectors_known",
    "capacity",
    "phone",
    "show_email",
    "show_phone",
)


@transaction.atomic
def profile_save(*, user: User, data: ProfileData) -> MemberProfile:
    """Create or update a member's profile, their organisation and their mentee profile.

    The member's edit sets their organisation's kind and stage only while nobody else belongs
    to it: naming a co-op that has other members joins it as it is."""
    organisation = organisation_get_or_create(
        name=data.organisation_name, kind=data.organisation_kind, stage=data.organisation_stage
    )
    # Locked so that a member joining it at the same moment is counted, whichever saves first.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = (organisation.kind, organisation.stage) != (
        data.organisation_kind,
        data.organisation_stage,
    )
    if changed and not organisation_is_shared(organisation=organisation, user=user):
        organisation.kind, organisation.stage = data.organisation_kind, data.organisation_stage
        organisation.save(update_fields=["kind", "stage"])

    if user.name != data.name:
        user.name = data.name
        user.save(update_fields=["name"])

    profile = MemberProfile.objects.filter(user=user).first() or MemberProfile(user=user)
    for attr in _PROFILE_FIELDS_AS_TYPED:
        setattr(profile, attr, getattr(data, attr))
    if data.hours_per_month is not None:
        profile.hours_per_month = data.hours_per_month
    profile.organisation = organisation
    if profile.is_mentee:
        profile.mentee_profile = _mentee_profile_save(user=user, profile=profile, data=data)
    profile.save()

    profile.languages.set(data.languages)
    profile.skills_offered.set(data.skills_offered if profile.is_mentor else [])
    profile.conflicts.set(
        [organisation_get_or_create(name=name) for name in data.conflict_names if name.strip()]
    )
    return profile


def _mentee_profile_save(*, user: User, profile: MemberProfile, data: ProfileData) -> MenteeProfile:
    mentee = profile.mentee_profile or MenteeProfile(created_by=user)
    mentee.group_name = data.group_name
    if mentee.created_by_id in (None, user.pk):
        mentee.display_name = data.name or user.email
    mentee.goals = "\n".join(line.strip() for line in data.goals.splitlines() if line.strip())
    mentee.save()
    mentee.skills_wanted.set(data.skills_wanted)
    return mentee


def member_language_set(*, user: User, language: str | None) -> bool:
    """Remember the language a member chose for their pages and emails. Anything the site does
    not offer (an empty form field, a stale cookie) is ignored: returns whether it was kept."""
    if language not in dict(settings.LANGUAGES):
        return False
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return True


def profile_remember_time_zone(*, request: HttpRequest, user: User) -> None:
    """Keep the member's time zone in the session so pages need no extra query to show times."""
    time_zone = MemberProfile.objects.filter(user=user).values_list("time_zone", flat=True).first()
    if time_zone:
        request.session[SESSION_TIME_ZONE_KEY] = time_zone


@transaction.atomic
def group_invitation_create(*, inviter: User, email: str, request: HttpRequest) -> GroupInvitation:
    """Invite a co-founder to share the inviter's enterprise group profile, and mail them.

    Each invitation mails an address a member typed, so the site must not become a relay: a
    member sends at most GROUP_INVITATION_RATE_LIMIT a day (counted by allauth's rate limits,
    in the cache, from `request`), a group has at most GROUP_INVITATIONS_OPEN_MAX open, and an
    address with an open invitation is not mailed again. The group's mentee profile is locked
    so that two invitations sent at once are counted against the cap one after the other."""
    profile = MemberProfile.objects.select_related("mentee_profile").get(user=inviter)
    if profile.mentee_profile is None or not profile.mentee_profile.is_group:
        raise InvitationError(INVITATION_NEEDS_GROUP)
    mentee = MenteeProfile.objects.select_for_update().get(pk=profile.mentee_profile.pk)
    email = email.strip().lower()
    if mentee.members.filter(user__email__iexact=email).exists():
        raise InvitationError(INVITATION_TO_SELF)
    earlier = GroupInvitation.objects.filter(
        mentee_profile=mentee, email__iexact=email, accepted_at__isnull=True, revoked_at=None
    ).first()
    if earlier is not None and not earlier.is_expired:
        raise InvitationError(INVITATION_ALREADY_WAITING)
    if GroupInvitation.objects.open().filter(mentee_profile=mentee).count() >= (
        settings.GROUP_INVITATIONS_OPEN_MAX
    ):
        raise InvitationError(INVITATION_TOO_MANY_OPEN)
    if not ratelimit.consume(request, action=INVITATION_RATE_LIMIT_ACTION, user=inviter):
        raise InvitationError(INVITATION_DAILY_LIMIT)
    if earlier is not None:
        # Expired: closed, so that the new invitation is the address's one open invitation.
        earlier.revoked_at = timezone.now()
        earlier.save(update_fields=["revoked_at"])
    invitation = GroupInvitation.objects.create(
        mentee_profile=mentee, email=email, invited_by=inviter
    )
    emails.notify_group_invitation(invitation)
    return invitation


@transaction.atomic
def group_invitation_revoke(*, invitation_id: int, by: User) -> GroupInvitation:
    """A member of the group withdraws an invitation that has not been accepted. Revoking one
    already revoked changes nothing; an accepted one cannot be revoked."""
    invitation = GroupInvitation.objects.select_for_update().get(pk=invitation_id)
    if not invitation.mentee_profile.members.filter(user=by).exists():
        raise InvitationError(INVITATION_NOT_YOURS)
    if invitation.accepted_at is not None:
        raise InvitationError(INVITATION_ALREADY_USED)
    if invitation.revoked_at is None:
        invitation.revoked_at, invitation.revoked_by = timezone.now(), by
        invitation.save(update_fields=["revoked_at", "revoked_by"])
    return invitation


def group_invitation_closed(invitation: GroupInvitation) -> str | Promise | None:
    """Why this invitation can no longer be accepted, or None while it is open."""
    if invitation.accepted_at is not None:
        return INVITATION_ALREADY_USED
    if invitation.revoked_at is not None:
        return INVITATION_REVOKED
    if invitation.is_expired:
        return INVITATION_EXPIRED
    return None


@transaction.atomic
def group_invitation_accept(*, token: str, user: User) -> MenteeProfile:
    """Join the group the invitation is for; the member then shares its mentee profile.

    The apps above may refuse the move or end what they hold for the profile left behind (see
    group_leave_step_register): mentorship refuses a member whose own mentee profile has an open
    mentorship, and withdraws the pending proposals of a profile nobody is left in. Their profile
    row and then the mentee profile they leave are locked, in the order `mentorship_approve`
    locks a profile and a mentee, so a pairing approved at the same moment is seen here (or
    waits and then finds the member gone).
    """
    invitation = (
        GroupInvitation.objects.select_for_update()
        .select_related("mentee_profile")
        .get(token=token)
    )
    if (closed := group_invitation_closed(invitation)) is not None:
        raise InvitationError(closed)
    if invitation.email.lower() != user.email.lower():
        raise InvitationError(INVITATION_FOR_ANOTHER_ADDRESS)
    profile = MemberProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        # A co-founder joins the group's co-op; they complete the rest of their profile next.
        lead = MemberProfile.objects.filter(user_id=invitation.invited_by_id).first()
        profile = MemberProfile(
            user=user,
            role=MemberProfile.Role.MENTEE,
            organisation=lead.organisation if lead else None,
        )
    elif profile.role == MemberProfile.Role.MENTOR:
        profile.role = MemberProfile.Role.BOTH
    leaving = profile.mentee_profile_id
    if leaving is not None and leaving != invitation.mentee_profile_id:
        _mentee_profile_leave(mentee_profile_id=leaving, user=user)
    profile.mentee_profile = invitation.mentee_profile
    profile.save()
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return invitation.mentee_profile


class GroupLeaveStep(Protocol):
    def __call__(self, *, mentee: MenteeProfile, user: User, last_member: bool) -> None: ...


_group_leave_steps: dict[str, GroupLeaveStep] = {}


def group_leave_step_register(name: str, step: GroupLeaveStep) -> None:
    """Run `step(mentee=, user=, last_member=)` when `user` leaves the mentee profile `mentee`
    to join another enterprise group; called from an AppConfig.ready by an app that keeps
    records about mentee profiles (accounts sits below them and cannot look for itself).

    The mentee profile's row is locked. A step refuses the move by raising InvitationError: the
    acceptance's transaction rolls back and the member stays where they were. `last_member`
    says nobody is left in the profile, so the step ends what it holds for it."""
    _group_leave_steps[name] = step


def _mentee_profile_leave(*, mentee_profile_id: int, user: User) -> None:
    """Lock the mentee profile `user` is leaving and let each registered step refuse the move
    or, if they were its last member, end what it holds for the profile."""
    mentee = MenteeProfile.objects.select_for_update().get(pk=mentee_profile_id)
    last_member = not mentee.members.exclude(user=user).exists()
    for step in _group_leave_steps.values():
        step(mentee=mentee, user=user, last_member=last_member)
