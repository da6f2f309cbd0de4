"""Bulk invitations to a cohort: reading the coordinator's rows, importing them, accepting one.

An import is all or nothing. Every row is checked first (`invitation_rows_parse` for what the
text alone shows, then the cohort and the members already on the site); if any row is bad the
coordinator gets every bad row with its line and nothing is written. Otherwise, in one
transaction, a person with an account is enrolled straight away (accepted, source invitation)
and anyone else gets a `CohortInvitation` and an email. Whatever is there already (an enrolment
or an invitation for that address and side) is counted, not made again, so the same file
uploaded twice changes nothing the second time.

The work is done in batches of BATCH rows with a handful of queries each, never a query a row.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import outbox
from accounts.models import MemberProfile, MenteeProfile, OutboundEmail, User
from accounts.services import organisation_get_or_create
from mentorship import emails
from mentorship.models import (
    COHORT_INVITATION_LIFETIME,
    Cohort,
    CohortInvitation,
    Enrolment,
    Programme,
    Side,
)
from mentorship.selectors import scopes
from mentorship.services.errors import MentorshipError
from mentorship.services.programmes import NOT_YOURS, eligibility_refusal

COLUMNS = ("name", "email", "role", "co_op")
REQUIRED_COLUMNS = ("name", "email", "role")
MAX_ROWS = 10_000
BATCH = 1000
NAME_MAX, CO_OP_MAX = 150, 200

# What a coordinator may type in the role column.
ROLES = {"mentor": Side.MENTOR, "mentee": Side.MENTEE}

NOTHING_GIVEN = _("Paste some rows or choose a CSV file.")
NO_HEADER = _(
    "The first line must name the columns: name,email,role,co_op (co_op may be left out)."
)
MISSING_COLUMN = _("The first line has no %(column)s column.")
TOO_MANY_ROWS = _("A file may have at most %(max)d rows; split it into several uploads.")
NO_ROWS = _("There are no rows under the first line.")
NAME_MISSING = _("The name is empty.")
NAME_TOO_LONG = _("The name is longer than %(max)d characters.")
CO_OP_TOO_LONG = _("The co-op's name is longer than %(max)d characters.")
BAD_EMAIL = _("“%(email)s” is not an email address.")
BAD_ROLE = _("The role must be mentor or mentee, not “%(role)s”.")
REPEATED = _("The same email and role as line %(line)d.")
COHORT_CLOSED = _("This cohort is closed: it takes no more members.")
MEMBER_REFUSED = _("%(email)s is a member who cannot join on this side: %(reason)s")
NOT_THE_ADDRESS = _(
    "This invitation was sent to another email address. Sign in with that address to accept it."
)
INVITATION_USED = _("This invitation has already been accepted.")
INVITATION_EXPIRED = _(
    "This invitation has expired. Ask the programme's coordinators to send you a new one."
)


@dataclass(frozen=True)
class InvitationRow:
    line: int
    name: str
    email: str  # in lower case
    side: str
    co_op: str


@dataclass(frozen=True)
class RowError:
    line: int | None  # None: about the whole upload, not one row
    message: str


@dataclass
class ParsedRows:
    rows: list[InvitationRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    invited: int = 0
    enrolled: int = 0
    already: int = 0


def invitation_rows_parse(text: str) -> ParsedRows:
    """Read CSV text (header line first) into rows, with every problem the text alone shows.

    Pure: no database. Columns are found by their names in the header, in any letter case;
    blank lines are skipped; line numbers are the coordinator's own, header included.
    """
    result = ParsedRows()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header, columns = None, {}
    for cells in reader:
        if header is None:
            if not any(cell.strip() for cell in cells):
                continue
            header = [cell.strip().lower().replace("-", "_").replace(" ", "_") for cell in cells]
            columns = {name: header.index(name) for name in COLUMNS if name in header}
            missing = [name for name in REQUIRED_COLUMNS if name not in columns]
            if len(missing) == len(REQUIRED_COLUMNS):
                result.errors.append(RowError(reader.line_num, str(NO_HEADER)))
                return result
            for name in missing:
                result.errors.append(RowError(reader.line_num, MISSING_COLUMN % {"column": name}))
            if missing:
                return result
            continue
        if not any(cell.strip() for cell in cells):
            continue
        if len(result.rows) + len(result.errors) >= MAX_ROWS:
            result.errors.append(RowError(None, TOO_MANY_ROWS % {"max": MAX_ROWS}))
            return result
        _row_read(reader.line_num, cells, columns, result)
    if header is None:
        result.errors.append(RowError(None, str(NOTHING_GIVEN)))
    elif not result.rows and not result.errors:
        result.errors.append(RowError(None, str(NO_ROWS)))
    _repeats_find(result)
    return result


def _row_read(line: int, cells: list[str], columns: dict[str, int], result: ParsedRows) -> None:
    def cell(name: str) -> str:
        index = columns.get(name)
        return " ".join(cells[index].split()) if index is not None and index < len(cells) else ""

    name, email, role, co_op = cell("name"), cell("email").lower(), cell("role"), cell("co_op")
    problems = []
    if not name:
        problems.append(str(NAME_MISSING))
    elif len(name) > NAME_MAX:
        problems.append(NAME_TOO_LONG % {"max": NAME_MAX})
    try:
        validate_email(email)
    except ValidationError:
        problems.append(BAD_EMAIL % {"email": cell("email")})
    side = ROLES.get(role.lower())
    if side is None:
        problems.append(BAD_ROLE % {"role": role})
    if len(co_op) > CO_OP_MAX:
        problems.append(CO_OP_TOO_LONG % {"max": CO_OP_MAX})
    if problems:
        result.errors.append(RowError(line, " ".join(problems)))
    else:
        result.rows.append(InvitationRow(line, name, email, str(side), co_op))


def _repeats_find(result: ParsedRows) -> None:
    first_seen: dict[tuple[str, str], int] = {}
    kept = []
    for row in result.rows:
        key = (row.email, row.side)
        if key in first_seen:
            result.errors.append(RowError(row.line, REPEATED % {"line": first_seen[key]}))
        else:
            first_seen[key] = row.line
            kept.append(row)
    result.rows = kept
    result.errors.sort(key=lambda error: error.line or 0)


def _batches(rows: Sequence[InvitationRow]) -> Iterator[Sequence[InvitationRow]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@dataclass
class _Known:
    """What the site already holds about one batch's addresses: three queries."""

    accounts: dict[str, User]
    enrolled: set[tuple[int, str]]
    invited: set[tuple[str, str]]

    @classmethod
    def load(cls, cohort: Cohort, rows: Sequence[InvitationRow]) -> _Known:
        addresses = {row.email for row in rows}
        accounts: dict[str, User] = {
            user.email.lower(): user
            for user in User.objects.annotate(email_lower=Lower("email"))
            .filter(email_lower__in=addresses)
            .select_related("profile__organisation", "profile__mentee_profile")
        }
        enrolled = set(
            Enrolment.objects.filter(
                cohort=cohort, member__in=[user.pk for user in accounts.values()]
            ).values_list("member_id", "side")
        )
        invited = set(
            CohortInvitation.objects.filter(cohort=cohort, email__in=addresses).values_list(
                "email", "side"
            )
        )
        return cls(accounts, enrolled, invited)

    def profile_of(self, email: str) -> MemberProfile | None:
        user = self.accounts.get(email)
        # A reverse one-to-one that select_related found empty is cached as missing.
        return getattr(user, "profile", None) if user is not None else None


def _cohort_refusal(cohort: Cohort) -> str | None:
    if cohort.closed_at is not None or cohort.programme.status == Programme.Status.CLOSED:
        return str(COHORT_CLOSED)
    return None


def _member_errors(cohort: Cohort, rows: Sequence[InvitationRow], known: _Known) -> list[RowError]:
    """Rows naming a member whose profile the programme's rules do not let on that side."""
    errors = []
    for row in rows:
        user = known.accounts.get(row.email)
        profile = known.profile_of(row.email)
        if user is None or profile is None or (user.pk, row.side) in known.enrolled:
            continue
        reason = eligibility_refusal(cohort, profile, row.side)
        if reason:
            errors.append(
                RowError(row.line, MEMBER_REFUSED % {"email": row.email, "reason": reason})
            )
    return errors


def cohort_invitations_import(*, cohort_id: int, text: str, by: User) -> ImportResult:
    """Check every row, then enrol or invite them all in one transaction, or write nothing.

    The cohort's row is locked for the import, so two uploads to one cohort at the same moment
    run one after the other and the second finds the first's rows. Emails are left to the
    outbox's sweep, spaced at COHORT_INVITATIONS_PER_MINUTE (see `_emails_space`).
    """
    parsed = invitation_rows_parse(text)
    with transaction.atomic():
        cohort = Cohort.objects.select_for_update().select_related("programme").get(pk=cohort_id)
        if not scopes.runs_programme(by, cohort.programme_id):
            raise MentorshipError(NOT_YOURS)
        refusal = _cohort_refusal(cohort)
        if refusal is not None:
            return ImportResult(errors=[RowError(None, refusal)])
        # Every bad row at once, those the text shows and those the site's members show.
        errors = list(parsed.errors)
        batches = [(rows, _Known.load(cohort, rows)) for rows in _batches(parsed.rows)]
        for rows, known in batches:
            errors += _member_errors(cohort, rows, known)
        if errors:
            return ImportResult(errors=sorted(errors, key=lambda error: error.line or 0))
        result = ImportResult()
        sent = 0
        for rows, known in batches:
            sent = _batch_import(cohort, rows, known, by=by, result=result, sent=sent)
        return result


def _batch_import(
    cohort: Cohort,
    rows: Sequence[InvitationRow],
    known: _Known,
    *,
    by: User,
    result: ImportResult,
    sent: int,
) -> int:
    now = timezone.now()
    enrolments, invitations = [], []
    for row in rows:
        user, profile = known.accounts.get(row.email), known.profile_of(row.email)
        if user is not None and (user.pk, row.side) in known.enrolled:
            result.already += 1
        elif user is not None and profile is not None:
            enrolments.append(_enrolment(cohort, user, profile, row.side, by=by, now=now))
        elif (row.email, row.side) in known.invited:
            result.already += 1
        else:
            # No account, or one whose profile is not written yet: accepting the invitation
            # starts the profile on the side they are invited to.
            invitations.append(
                CohortInvitation(
                    cohort=cohort,
                    email=row.email,
                    name=row.name,
                    side=row.side,
                    co_op=row.co_op,
                    expires_at=now + COHORT_INVITATION_LIFETIME,
                    created_by=by,
                )
            )
    Enrolment.objects.bulk_create(enrolments)
    CohortInvitation.objects.bulk_create(invitations)
    with outbox.collect(queue=False) as gathered:
        for invitation in invitations:
            emails.notify_cohort_invitation(invitation, cohort=cohort)
        _emails_space(gathered, start=sent, now=now)
    result.enrolled += len(enrolments)
    result.invited += len(invitations)
    return sent + len(invitations)


def _enrolment(
    cohort: Cohort, user: User, profile: MemberProfile, side: str, *, by: User, now: datetime
) -> Enrolment:
    return Enrolment(
        cohort=cohort,
        member=user,
        side=side,
        mentee_id=profile.mentee_profile_id if side == Side.MENTEE else None,
        status=Enrolment.Status.ACCEPTED,
        source=Enrolment.Source.INVITATION,
        decided_at=now,
        decided_by=by,
    )


def _emails_space(gathered: list[OutboundEmail], *, start: int, now: datetime) -> None:
    """Spread a bulk upload's emails over the minutes ahead rather than all at once.

    Each invitation mails an address a coordinator pasted: sent in one burst, thousands of
    them would go out faster than the mail provider allows and look like spam. The sweep
    (`sweep_outbox`, every minute) sends each email when its `next_attempt_at` comes.
    """
    per_minute = settings.COHORT_INVITATIONS_PER_MINUTE
    for offset, email in enumerate(gathered, start=start):
        email.next_attempt_at = now + timedelta(minutes=offset // per_minute)


def cohort_invitation_closed(invitation: CohortInvitation) -> str | None:
    """Why this invitation can no longer be accepted, or None while it is open."""
    if invitation.accepted_at is not None:
        return str(INVITATION_USED)
    if invitation.is_expired:
        return str(INVITATION_EXPIRED)
    return _cohort_refusal(invitation.cohort)


@transaction.atomic
def cohort_invitation_accept(*, token: str, user: User) -> Enrolment:
    """The invited person, signed in with the invited address, joins the cohort, once.

    A person with no profile yet starts one on the side they were invited to (with the co-op
    named in the invitation); they complete it next. A member with a profile must meet the
    programme's rules for that side, as on every other way in.
    """
    invitation = (
        CohortInvitation.objects.select_for_update()
        .select_related("cohort__programme")
        .get(token=token)
    )
    if (closed := cohort_invitation_closed(invitation)) is not None:
        raise MentorshipError(closed)
    if invitation.email != user.email.lower():
        raise MentorshipError(NOT_THE_ADDRESS)
    cohort, side = invitation.cohort, invitation.side
    profile = (
        MemberProfile.objects.select_for_update(of=("self",))
        .select_related("organisation", "mentee_profile")
        .filter(user=user)
        .first()
    )
    if profile is None:
        profile = _profile_start(user=user, invitation=invitation)
    elif (reason := eligibility_refusal(cohort, profile, side)) is not None:
        raise MentorshipError(reason)
    now = timezone.now()
    enrolment, _created = Enrolment.objects.get_or_create(
        cohort=cohort,
        member=user,
        side=side,
        defaults=dict(
            mentee=profile.mentee_profile if side == Side.MENTEE else None,
            status=Enrolment.Status.ACCEPTED,
            source=Enrolment.Source.INVITATION,
            decided_at=now,
            decided_by_id=invitation.created_by_id,
        ),
    )
    if enrolment.status != Enrolment.Status.ACCEPTED:
        # They had applied (or withdrawn) meanwhile: the coordinator's invitation decides it.
        enrolment.status, enrolment.decided_at = Enrolment.Status.ACCEPTED, now
        enrolment.decided_by_id = invitation.created_by_id
        enrolment.save(update_fields=["status", "decided_at", "decided_by"])
    invitation.accepted_at, invitation.accepted_by, invitation.enrolment = now, user, enrolment
    invitation.save(update_fields=["accepted_at", "accepted_by", "enrolment"])
    return enrolment


def _profile_start(*, user: User, invitation: CohortInvitation) -> MemberProfile:
    """The first lines of a profile for an invited person who has none: their side and co-op."""
    if not user.name:
        user.name = invitation.name
        user.save(update_fields=["name"])
    profile = MemberProfile(
        user=user,
        role=(
            MemberProfile.Role.MENTOR
            if invitation.side == Side.MENTOR
            else MemberProfile.Role.MENTEE
        ),
        organisation=(
            organisation_get_or_create(name=invitation.co_op) if invitation.co_op else None
        ),
    )
    if invitation.side == Side.MENTEE:
        profile.mentee_profile = MenteeProfile.objects.create(
            created_by=user, display_name=user.name or user.email
        )
    profile.save()
    return profile
