import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from accounts import demo
from accounts.models import MemberProfile, MenteeProfile, User
from mentorship.management.commands.seed_demo import NEEDS_DEBUG
from tests.test_deployment import ROOT


def test_seed_demo_builds_a_believable_programme_once(db, capsys):
    call_command("seed_demo", members=60, allow_without_debug=True)
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

    call_command("seed_demo", members=60, allow_without_debug=True)
    assert "0 members created, 60 already there" in capsys.readouterr().out
    assert MemberProfile.objects.count() == members


def test_the_demo_coordinator_is_staff_but_not_superuser(db):
    demo.coordinator_ensure()
    user = User.objects.get(email=demo.COORDINATOR_EMAIL)
    assert user.is_staff and not user.is_superuser
    assert user.check_password(demo.COORDINATOR_PASSWORD)
    assert user.groups.filter(name="Coordinators").exists()


def test_seed_demo_refuses_to_run_without_debug_and_creates_nothing(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-without-debug"):
        call_command("seed_demo", members=5)
    assert not User.objects.exists()


def test_seed_demo_runs_with_debug_on_as_make_run_sets_it(db, settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo", members=5)
    assert demo.COORDINATOR_EMAIL in capsys.readouterr().out
    assert User.objects.filter(email=demo.COORDINATOR_EMAIL, is_staff=True).exists()


def test_make_run_turns_debug_on_and_seeds_without_the_override():
    makefile = (ROOT / "Makefile").read_text()
    assert "run: export DEBUG ?= 1" in makefile
    recipe = makefile.split("\nrun: $(STAMP)\n", 1)[1].split("\n\n", 1)[0]
    assert "manage.py seed_demo" in recipe
    assert "--allow-without-debug" not in recipe


def test_manage_py_seed_demo_with_debug_off_exits_with_the_reason(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="mentorship.settings",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-" + "x9Q7" * 10,
        VAR_DIR=str(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--members", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert NEEDS_DEBUG in result.stderr
    assert "Demo programme" not in result.stdout
