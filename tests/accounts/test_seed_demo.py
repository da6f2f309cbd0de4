from datetime import timedelta

from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from accounts import demo
from accounts.models import MemberProfile, MenteeProfile, User


def test_seed_demo_builds_a_believable_programme_once(db, capsys):
    call_command("seed_demo", members=60)
    first = capsys.readouterr().out
    assert "60 members created" in first
    assert demo.COORDINATOR_EMAIL in first
    members = MemberProfile.objects.count()
    assert members == 60
    mentors = MemberProfile.objects.filter(role__in=["mentor", "both"]).count()
    assert 15 <= mentors <= 30
    assert MenteeProfile.objects.filter(group_name__gt="").exists()
    assert MemberProfile.objects.filter(skills_offered__isnull=False).distinct().count() == mentors
    joined = User.objects.filter(profile__isnull=False).values_list("date_joined", flat=True)
    assert min(joined) < timezone.now() - timedelta(days=365)
    assert not MemberProfile.objects.exclude(created_at=F("user__date_joined")).exists()

    call_command("seed_demo", members=60)
    assert "0 members created, 60 already there" in capsys.readouterr().out
    assert MemberProfile.objects.count() == members


def test_the_demo_coordinator_is_staff_but_not_superuser(db):
    demo.coordinator_ensure()
    user = User.objects.get(email=demo.COORDINATOR_EMAIL)
    assert user.is_staff and not user.is_superuser
    assert user.check_password(demo.COORDINATOR_PASSWORD)
    assert user.groups.filter(name="Coordinators").exists()
