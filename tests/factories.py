"""Members built the way the site builds them: through the services, with verified emails."""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from allauth.account.internal.flows.login import record_authentication
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory

from accounts import services
from accounts.models import GroupInvitation, Language, MemberProfile, Organisation, Skill, User

if TYPE_CHECKING:
    from mentorship.models import Programme

PASSWORD = "a-long-test-password-42"


def user(*, email: str, name: str = "", **extra: object) -> User:
    member = User.objects.create_user(email, PASSWORD, name=name, **extra)
    EmailAddress.objects.create(user=member, email=email.lower(), verified=True, primary=True)
    return member


def skills(*names: str) -> list[Skill]:
    found = list(Skill.objects.filter(name__in=names))
    assert len(found) == len(names), f"unknown skills in {names}"
    return found


def profile_data(**overrides: object) -> services.ProfileData:
    values: dict[str, object] = {
        "name": "Test Member",
        "role": MemberProfile.Role.MENTEE,
        "organisation_name": "Test Co-op",
        "organisation_kind": Organisation.Kind.WORKER,
        "organisation_stage": Organisation.Stage.FORMING,
        "sector": "food retail",
        "region": "Wales",
        "languages": list(Language.objects.filter(code="en")),
        "meets_in_person": False,
        "meets_remotely": True,
        "time_zone": "Europe/London",
        "hours_per_month": 4,
        "bio": "",
        "goals": "Produce our first annual accounts",
        "skills_wanted": skills("Bookkeeping"),
    }
    values.update(overrides)
    return services.ProfileData(**values)  # type: ignore[arg-type]


def mentee(*, email: str, name: str = "Mentee", group_name: str = "", **overrides: object) -> User:
    member = user(email=email, name=name)
    org = overrides.pop("organisation_name", f"{name}'s Co-op")
    services.profile_save(
        user=member,
        data=profile_data(name=name, organisation_name=org, group_name=group_name, **overrides),
    )
    return member


def mentor(*, email: str, name: str = "Mentor", **overrides: object) -> User:
    member = user(email=email, name=name)
    values: dict[str, object] = {
        "name": name,
        "role": MemberProfile.Role.MENTOR,
        "organisation_name": f"{name}'s Co-op",
        "organisation_stage": Organisation.Stage.ESTABLISHED,
        "skills_offered": skills("Bookkeeping", "Board governance"),
        "years_experience": 12,
        "capacity": 2,
        "goals": "",
        "skills_wanted": [],
    }
    values.update(overrides)
    services.profile_save(user=member, data=profile_data(**values))
    return member


def invitation(*, inviter: User, email: str) -> GroupInvitation:
    """An invitation sent the way the group page sends it (counted against the daily limit)."""
    return services.group_invitation_create(
        inviter=inviter, email=email, request=RequestFactory().post("/")
    )


def cofounder(*, of: User, email: str, name: str = "Co-founder") -> User:
    member = user(email=email, name=name)
    sent = invitation(inviter=of, email=email)
    services.group_invitation_accept(token=sent.token, user=member)
    return member


def coordinator(*, email: str, programmes: Iterable[Programme] | None = None) -> User:
    """A lead coordinator (every programme), or one who runs only `programmes` if given."""
    member = user(email=email, name="Coordinator", is_staff=True)
    member.groups.add(Group.objects.get(name="Coordinators"))
    if programmes is None:
        member.groups.add(Group.objects.get(name="Lead coordinators"))
    else:
        member.coordinated_programmes.add(*programmes)
    return member


def authenticator(*, user: User) -> str:
    """Turn on an authenticator app (TOTP) for this member, as the setup page would; its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The authenticator app's code now; waits for the next one if this one is about to expire."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 3:
        time.sleep(left)
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def mfa_login(client: Client, user: User) -> Client:
    """Sign `client` in as if with password and authenticator code, as coordinators must.

    A member without an authenticator gets one. The session records both steps the way allauth's
    own sign-in does, which is what accounts/two_factor.py reads."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        authenticator(user=user)
    client.force_login(user)
    request = RequestFactory().get("/")
    request.session = client.session
    record_authentication(request, user, method="password", email=user.email)
    record_authentication(request, user, method="mfa", type=Authenticator.Type.TOTP)
    request.session.save()
    return client


def languages(*codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes))


def mentorship(*, mentor: User, mentee: User, status: str = "active", by: User | None = None):
    """A pairing taken through the real services to the state asked for."""
    from mentorship.services import relationship as mentorship_relationship

    pairing = mentorship_relationship.mentorship_propose(
        mentor=mentor, mentee=mentee.profile.mentee_profile, origin="manual", by=by
    )
    if status == "proposed":
        return pairing
    approver = by or coordinator(email=f"approver{pairing.pk}@example.org")
    mentorship_relationship.mentorship_approve(mentorship_id=pairing.pk, by=approver)
    if status == "active":
        mentorship_relationship.agreement_accept(mentorship_id=pairing.pk, by=mentor)
        mentorship_relationship.agreement_accept(mentorship_id=pairing.pk, by=mentee)
    pairing.refresh_from_db()
    return pairing


def programme(*, name: str, **fields) -> Programme:
    """A programme members apply to, open, with one cohort taking applications ("Spring")."""
    from django.utils.text import slugify

    from mentorship.models import Cohort, Programme

    fields.setdefault("status", Programme.Status.OPEN)
    made = Programme.objects.create(name=name, slug=slugify(name), **fields)
    Cohort.objects.create(programme=made, name="Spring")
    return made


def enrol(*, member: User, programme: Programme, side: str, accepted: bool = True):
    """`member` applies to the programme's newest cohort on `side`, accepted unless told not."""
    from mentorship.services import programmes as programme_services

    cohort = programme.cohorts.order_by("-pk").first()
    enrolment = programme_services.enrolment_apply(member=member, cohort_id=cohort.pk, side=side)
    if accepted:
        lead = User.objects.filter(groups__name="Lead coordinators").first() or coordinator(
            email="enrolments-lead@example.org"
        )
        programme_services.enrolment_decide(enrolment_id=enrolment.pk, by=lead, accept=True)
        enrolment.refresh_from_db()
    return enrolment


def active_pair(*, mentor: User, mentee: User, cohort, by: User):
    """`mentor` and `mentee` (a member with a mentee profile) paired in `cohort` through the
    services: proposed and approved by `by`, then the agreement accepted by both, so active."""
    from mentorship.services import relationship

    made = relationship.mentorship_propose(
        mentor=mentor,
        mentee=mentee.profile.mentee_profile,
        origin="manual",
        by=by,
        cohort=cohort,
    )
    relationship.mentorship_approve(mentorship_id=made.pk, by=by)
    relationship.agreement_accept(mentorship_id=made.pk, by=mentor)
    relationship.agreement_accept(mentorship_id=made.pk, by=mentee)
    made.refresh_from_db()
    return made
