"""Members built the way the site builds them: through the services, with verified emails."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from accounts import services
from accounts.models import Language, MemberProfile, Organisation, Skill, User

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


def cofounder(*, of: User, email: str, name: str = "Co-founder") -> User:
    member = user(email=email, name=name)
    invitation = services.group_invitation_create(inviter=of, email=email)
    services.group_invitation_accept(token=invitation.token, user=member)
    return member


def coordinator(*, email: str) -> User:
    member = user(email=email, name="Coordinator", is_staff=True)
    member.groups.add(Group.objects.get(name="Coordinators"))
    return member


def languages(*codes: str) -> list[Language]:
    return list(Language.objects.filter(code__in=codes))


def mentorship(*, mentor: User, mentee: User, status: str = "active", by: User | None = None):
    """A pairing taken through the real services to the state asked for."""
    from mentorship import services as mentorship_services

    pairing = mentorship_services.mentorship_propose(
        mentor=mentor, mentee=mentee.profile.mentee_profile, origin="manual", by=by
    )
    if status == "proposed":
        return pairing
    approver = by or coordinator(email=f"approver{pairing.pk}@example.org")
    mentorship_services.mentorship_approve(mentorship_id=pairing.pk, by=approver)
    if status == "active":
        mentorship_services.agreement_accept(mentorship_id=pairing.pk, by=mentor)
        mentorship_services.agreement_accept(mentorship_id=pairing.pk, by=mentee)
    pairing.refresh_from_db()
    return pairing
