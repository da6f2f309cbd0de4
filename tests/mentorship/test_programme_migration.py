"""An existing one-programme site upgrades with `migrate` and looks the same to its members.

The test takes the database back to before the programmes migrations (mentorship 0015,
matching 0005), writes a site's data in that schema, migrates forward and checks what
0015-0017 and matching 0005-0006 made of it. It runs on PostgreSQL and on SQLite alike.
"""

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from accounts.coordinators import COORDINATORS_GROUP, LEAD_COORDINATORS_GROUP
from accounts.models import User
from mentorship.models import Cohort, Enrolment, Side
from mentorship.selectors import cohorts, scopes

BEFORE_PROGRAMMES = [
    ("mentorship", "0014_calendar_feed_issued_at"),
    ("matching", "0004_proposal_mentor_accepted_at"),
]
# What members see of themselves and their pairing, as the old schema had it.
MEMBER_FIELDS = {
    ("accounts", "User"): ["id", "email", "name", "password", "is_staff", "is_active"],
    ("accounts", "MemberProfile"): ["id", "user_id", "role", "capacity", "mentee_profile_id"],
    ("accounts", "MenteeProfile"): ["id", "group_name", "goals", "created_by_id"],
    ("mentorship", "Mentorship"): [
        "id",
        "mentor_id",
        "mentee_id",
        "status",
        "origin",
        "created_at",
        "approved_at",
        "ends_on",
        "meeting_format",
    ],
    ("matching", "MatchRun"): ["id", "status", "matched", "started_by_id", "policy_id"],
}


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    if executor.migration_plan(targets):
        executor.migrate(targets)
        executor.loader.build_graph()
    return executor


def _migrate_back():
    """Unapply the programmes migrations; the models as they were then (the other apps stay at
    their latest)."""
    loader = _migrate(BEFORE_PROGRAMMES).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def _snapshot(apps):
    return {
        label: list(apps.get_model(*label).objects.order_by("pk").values(*fields))
        for label, fields in MEMBER_FIELDS.items()
    }


def _old_site(apps) -> dict[str, int]:
    """Two members paired, one waiting, a finished matching run and a coordinator."""
    User_ = apps.get_model("accounts", "User")
    Group = apps.get_model("auth", "Group")
    MemberProfile = apps.get_model("accounts", "MemberProfile")
    MenteeProfile = apps.get_model("accounts", "MenteeProfile")
    Mentorship = apps.get_model("mentorship", "Mentorship")
    MatchRun = apps.get_model("matching", "MatchRun")
    MatchPolicy = apps.get_model("matching", "MatchPolicy")
    # A site from before the programmes had no lead coordinators: the upgrade makes them.
    Group.objects.filter(name=LEAD_COORDINATORS_GROUP).delete()

    alice = User_.objects.create(email="alice@example.org", name="Alice", password="x")
    bob = User_.objects.create(email="bob@example.org", name="Bob", password="x")
    dave = User_.objects.create(email="dave@example.org", name="Dave", password="x")
    carol = User_.objects.create(email="carol@example.org", name="Carol", is_staff=True)
    carol.groups.add(Group.objects.get(name=COORDINATORS_GROUP))
    MemberProfile.objects.create(user=alice, role="mentor", capacity=2)
    for mentee in (bob, dave):
        profile = MenteeProfile.objects.create(created_by=mentee, goals="Write our rules")
        MemberProfile.objects.create(user=mentee, role="mentee", mentee_profile=profile)
    pairing = Mentorship.objects.create(
        mentor=alice,
        mentee=MenteeProfile.objects.get(created_by=bob),
        status="active",
        approved_at=timezone.now(),
        approved_by=carol,
    )
    policy = MatchPolicy.objects.get(is_default=True)
    MatchRun.objects.create(
        started_by=carol, policy=policy, policy_used={}, status="finished", matched=1
    )
    return {"carol": carol.pk, "began": pairing.created_at.date()}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_existing_site_becomes_one_rolling_programme_with_one_cohort():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        old = _migrate_back()
        site = _old_site(old)
        before = _snapshot(old)
        _migrate(latest)
        new = django_apps  # the models now are those of the latest migrations

        Programme = new.get_model("mentorship", "Programme")
        (programme,) = Programme.objects.all()
        assert programme.kind == "other" and programme.slug == "mentoring"
        assert (programme.admission, programme.intake) == ("all", "rolling")
        assert programme.status == "running"
        (cohort,) = new.get_model("mentorship", "Cohort").objects.all()
        assert cohort.programme_id == programme.pk and cohort.name == "Members"
        assert cohort.closed_at is None and cohort.applications_open_on == site["began"]
        for label in (("mentorship", "Mentorship"), ("matching", "MatchRun")):
            rows = new.get_model(*label).objects.all()
            assert rows.exists()
            assert {row.cohort_id for row in rows} == {cohort.pk}, label

        carol = User.objects.get(pk=site["carol"])
        assert set(carol.groups.values_list("name", flat=True)) == {
            COORDINATORS_GROUP,
            LEAD_COORDINATORS_GROUP,
        }
        assert scopes.is_lead(carol)
        assert [p.pk for p in scopes.programmes_for(carol)] == [programme.pk]

        assert _snapshot(new) == before, "members' rows are as they were"
        assert not Enrolment.objects.exists(), "nobody has to apply"
        live_cohort = Cohort.objects.select_related("programme").get(pk=cohort.pk)
        assert cohorts.pool_ids(live_cohort, Side.MENTEE) is None, "every member is in the pool"
        assert Cohort.default() == live_cohort, "new pairings join it as before"
    finally:
        _migrate(latest)
