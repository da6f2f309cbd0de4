"""Migration 0018: approvals, adjustments and refused changes made before claims were per
programme join the site's first programme."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("mentorship", "0017_programmes_settled")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_claims_join_the_first_programme(postgres):
    old = _migrate(BEFORE)
    try:
        User = old.get_model("accounts", "User")
        Programme = old.get_model("mentorship", "Programme")
        first = Programme.objects.order_by("pk").first() or Programme.objects.create(
            name="Co-op peer mentoring", slug="mentoring"
        )
        Programme.objects.create(name="Later", slug="later")
        mentor = User.objects.create(email="old-mentor@example.org", name="Old Mentor")
        march = datetime.date(2025, 3, 1)
        old.get_model("mentorship", "ClaimApproval").objects.create(
            mentor=mentor, month=march, hours=Decimal(1), expenses=Decimal(0), lines=[]
        )
        old.get_model("mentorship", "ClaimAdjustment").objects.create(
            mentor=mentor, month=march, hours=Decimal(1), reason="x"
        )
        old.get_model("mentorship", "RefusedClaimChange").objects.create(
            mentor=mentor, month=march, change="expense_added"
        )
    finally:
        # Back to the newest schema, whatever happened, for the tests that follow.
        new = _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    for name in ("ClaimApproval", "ClaimAdjustment", "RefusedClaimChange"):
        row = new.get_model("mentorship", name).objects.get(mentor__email="old-mentor@example.org")
        assert row.programme_id == first.pk, name
