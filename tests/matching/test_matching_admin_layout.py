"""The matching admin reads well: short reasons in the list, the policy as labelled values,
messages in proper plurals, and "Run matching" from the admin index."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from matching.admin.proposals import REASON_SUMMARY_LENGTH, ProposalAdmin
from matching.models import MatchRun, Proposal
from mentorship.models import Cohort
from mentorship.services import relationship as mentorship_relationship
from tests import factories

LONG_REASONS = [
    "offers 3 of 4 wanted skills: bookkeeping, board governance, community shares, "
    "and a great many other things that make this first reason far longer than one line",
    "their skills and bio mention \u201cco-op\u201d and \u201caccounts\u201d from the goals",
    "both speak English and Welsh",
]


def _proposals(mentor, count: int) -> list[Proposal]:
    proposals = []
    for i in range(count):
        mentee = factories.mentee(email=f"layout{i}@example.org", name=f"Mentee {i}")
        pairing = mentorship_relationship.mentorship_propose(
            mentor=mentor, mentee=mentee.profile.mentee_profile, origin="manual"
        )
        proposals.append(
            Proposal.objects.create(mentorship=pairing, score=0.5, reasons=LONG_REASONS)
        )
    return proposals


def _reason_cells(html: str) -> list[str]:
    cells = re.findall(r'<td class="field-reason_summary">(.*?)</td>', html, re.S)
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]


@pytest.mark.parametrize("count", [51, 500])
def test_the_proposal_list_shows_one_short_reason_per_row(coordinator_client, bob, count):
    _proposals(bob, count)
    html = coordinator_client.get(reverse("admin:matching_proposal_changelist")).content.decode()
    cells = _reason_cells(html)
    # A page of rows at most, however many proposals there are; the rest are a page away.
    assert len(cells) == min(count, ProposalAdmin.list_per_page)
    for cell in cells:
        assert cell.startswith("offers 3 of 4 wanted skills")
        assert cell.endswith("(and 2 more reasons)")
        assert len(cell) <= REASON_SUMMARY_LENGTH + len(" (and 2 more reasons)")
    assert "both speak English and Welsh" not in html
    assert f"{count} proposals" in html
    if count > ProposalAdmin.list_per_page:
        assert "?p=2" in html


def test_the_proposal_page_lists_every_reason_in_full(coordinator_client, bob):
    [proposal] = _proposals(bob, 1)
    html = coordinator_client.get(
        reverse("admin:matching_proposal_change", args=[proposal.pk])
    ).content.decode()
    for reason in LONG_REASONS:
        assert f"<li>{reason}</li>" in html


def test_the_run_page_shows_the_policy_as_labelled_values_not_json(coordinator_client, alice):
    coordinator_client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": Cohort.default().pk}
    )
    run = MatchRun.objects.get()
    html = coordinator_client.get(
        reverse("admin:matching_matchrun_change", args=[run.pk])
    ).content.decode()
    assert re.search(r"<th scope='row'>Weight of skills</th><td>0.4</td>", html)
    assert "Minimum score" in html
    assert "&quot;skills&quot;" not in html and '{"skills"' not in html


def test_approving_one_pairing_says_so_in_the_singular(coordinator_client, bob):
    [proposal] = _proposals(bob, 1)
    page = coordinator_client.post(
        reverse("admin:matching_proposal_changelist"),
        {"action": "approve_selected", "_selected_action": [proposal.pk]},
        follow=True,
    ).content.decode()
    assert "1 pairing approved." in page
    assert "(s)" not in page


def test_rejecting_pairings_says_so_in_the_plural(coordinator_client, bob):
    proposals = _proposals(bob, 2)
    page = coordinator_client.post(
        reverse("admin:matching_proposal_changelist"),
        {
            "action": "reject_selected",
            "_selected_action": [p.pk for p in proposals],
            "reason": "Both want someone nearer",
        },
        follow=True,
    ).content.decode()
    assert "2 pairings rejected; they will not be proposed again." in page


def test_a_run_of_one_mentee_finishes_with_a_singular_message(coordinator_client, alice):
    page = coordinator_client.post(
        reverse("admin:matching_matchrun_start"), {"cohort": Cohort.default().pk}, follow=True
    ).content.decode()
    assert "Matching finished: 0 of 1 mentee matched." in page
    assert "Review its" not in page


def test_run_matching_is_reachable_from_the_admin_index(coordinator_client, alice, bob):
    html = coordinator_client.get(reverse("admin:index")).content.decode()
    start = reverse("admin:matching_matchrun_start")
    assert f'href="{start}"' in html
    assert "Run matching now" in html
    coordinator_client.post(start, {"cohort": Cohort.default().pk})
    assert MatchRun.objects.get().matched == 1


def test_members_do_not_see_the_admin_index(alice_client):
    response = alice_client.get(reverse("admin:index"))
    assert response.status_code == 302
