"""What kinds of email there are, who gets each, and which a member may switch off.

A member's choices are kept on their User row (`muted_notifications`); a one-click unsubscribe
link carries a signed token naming the member and the kind.
"""

from __future__ import annotations

import enum

from django.core import signing
from django.utils.translation import gettext_lazy as _

from accounts.models import MemberProfile, User

UNSUBSCRIBE_SALT = "accounts.outbox.unsubscribe"


class Audience(enum.Flag):
    """Who a kind of email is for: the email preferences offer a member only their own kinds."""

    MENTOR = enum.auto()
    MENTEE = enum.auto()
    COORDINATOR = enum.auto()
    PAIR = MENTOR | MENTEE


# Every kind of email: its label, whether a member may switch it off (account and safety mails:
# never) and who gets it.
KINDS: dict[str, tuple[str, bool, Audience]] = {
    "group-invitation": (_("Invitations to join an enterprise group"), False, Audience.MENTEE),
    "cohort-invitation": (
        _("Invitations from coordinators to join a programme"),
        False,
        Audience.PAIR,
    ),
    "coordinator-alert": (_("Alerts for coordinators"), False, Audience.COORDINATOR),
    "introduction-mentor": (_("Introductions to a new mentee"), False, Audience.MENTOR),
    "introduction-mentee": (_("Introductions to a new mentor"), False, Audience.MENTEE),
    "partner-left": (
        _("Notice that a mentorship ended because a member left"),
        False,
        Audience.PAIR,
    ),
    "session-change": (
        _("Sessions scheduled, moved or cancelled by the other side"),
        False,
        Audience.PAIR,
    ),
    "mentorship-ended": (
        _("Notice that a mentorship ended or was paused, and why"),
        False,
        Audience.PAIR,
    ),
    "mentor-request": (
        _("Requests from mentees for you as their mentor (mentors)"),
        False,
        Audience.MENTOR,
    ),
    "enrolment-decision": (
        _("Coordinators' decisions on your programme applications"),
        False,
        Audience.PAIR,
    ),
    "session-reminder": (_("Reminders of upcoming sessions"), True, Audience.PAIR),
    "conversation": (_("New messages from the people you are paired with"), True, Audience.PAIR),
    "log-reminder": (_("Reminders to log a session (mentors)"), True, Audience.MENTOR),
    "session-log": (_("Session summaries from your mentor"), True, Audience.MENTEE),
    "confirm-reminder": (_("Reminders to confirm a session (mentees)"), True, Audience.MENTEE),
    "inactivity": (_("Nudges when a pair has not met for a while"), True, Audience.PAIR),
    "feedback-due": (_("Requests for short feedback"), True, Audience.PAIR),
    "ending-soon": (_("Notice that a mentorship ends soon"), True, Audience.PAIR),
    "action-items-due": (_("Next steps due tomorrow"), True, Audience.PAIR),
    "coordinator-digest": (_("Weekly digest (coordinators)"), True, Audience.COORDINATOR),
    "hours-statement": (_("Monthly hours statement (mentors)"), True, Audience.MENTOR),
}

# Kinds whose body carries members' own words to each other: coordinators see that such an email
# was sent and whether it arrived, never what it says (they do not read conversations).
PRIVATE_KINDS = frozenset({"conversation"})


def audience_of(user: User) -> Audience:
    """The roles a user gets email in. A member who has not chosen a role yet may get either
    side's; a coordinator who is also a member gets both theirs and a coordinator's."""
    audience = Audience.COORDINATOR if user.is_staff else Audience(0)
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return audience or Audience.PAIR
    if profile.is_mentor:
        audience |= Audience.MENTOR
    if profile.is_mentee:
        audience |= Audience.MENTEE
    return audience


def switchable_kinds(user: User | None = None) -> list[tuple[str, str]]:
    """The kinds a member may switch off; given a user, only those sent to someone in their roles."""
    audience = audience_of(user) if user is not None else ~Audience(0)
    return [
        (kind, label)
        for kind, (label, switchable, audience_of_kind) in KINDS.items()
        if switchable and audience_of_kind & audience
    ]


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, str]:
    """The (user id, kind) a one-click unsubscribe link stands for; raises BadSignature."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


def notification_mute(*, user: User, kind: str, muted: bool = True) -> None:
    if kind not in KINDS or not KINDS[kind][1]:
        return
    kinds = set(user.muted_notifications or [])
    kinds = kinds | {kind} if muted else kinds - {kind}
    user.muted_notifications = sorted(kinds)
    user.save(update_fields=["muted_notifications"])
