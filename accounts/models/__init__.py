"""The accounts app's models, one module per sub-domain; every model is imported here so that
Django, the migrations and `from accounts.models import X` find them in one place.

members   User (email login), Organisation, MemberProfile (with its roles), MemberBlock
taxonomy  Language, Skill
groups    MenteeProfile (one person's, or an enterprise group's), GroupInvitation
outbox    OutboundEmail, the outbox's row (the code is accounts.outbox)
audit     AuditEntry, the audit log's row (the code is accounts.audit)
"""

from accounts.models.audit import AuditEntry
from accounts.models.groups import (
    INVITATION_LIFETIME,
    GroupInvitation,
    MenteeProfile,
    _invitation_token,
)
from accounts.models.members import (
    FORMER_MEMBER,
    MAX_CAPACITY,
    PHONE_VALIDATOR,
    MemberBlock,
    MemberProfile,
    Organisation,
    User,
    UserManager,
    _timezone_choices,
)
from accounts.models.outbox import OutboundEmail
from accounts.models.taxonomy import Language, Skill

__all__ = [
    "FORMER_MEMBER",
    "INVITATION_LIFETIME",
    "MAX_CAPACITY",
    "PHONE_VALIDATOR",
    "AuditEntry",
    "GroupInvitation",
    "Language",
    "MemberBlock",
    "MemberProfile",
    "MenteeProfile",
    "Organisation",
    "OutboundEmail",
    "Skill",
    "User",
    "UserManager",
    # Named by migration 0001 as accounts.models.<name>: migrations are history, not rewritten.
    "_invitation_token",
    "_timezone_choices",
]
