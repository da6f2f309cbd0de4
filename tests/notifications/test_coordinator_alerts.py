"""Alerts to coordinators are written from templates in each coordinator's language, whatever
the language of the member whose action caused them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.models import OutboundEmail
from mentorship.services import feedback
from tests import factories
from tests.mentorship.hours_factories import at, session

ENGLISH_PAIRING = "Bob Bevan mentoring Riverside founders"
WELSH_PAIRING = "Bob Bevan yn mentora Riverside founders"


@pytest.fixture
def welsh_coordinator(db):
    coordinator = factories.coordinator(email="cydlynydd@example.org")
    coordinator.language = "cy"
    coordinator.save(update_fields=["language"])
    return coordinator


def _speaks_welsh(user) -> None:
    user.language = "cy"
    user.save(update_fields=["language"])


def _alerts() -> dict[str, OutboundEmail]:
    return {e.to: e for e in OutboundEmail.objects.filter(kind="coordinator-alert")}


def _in_welsh(msgid: str, **values: str) -> str:
    """What the Welsh catalogue makes of a template's sentence (English until it has one)."""
    with translation.override("cy"):
        return gettext(msgid) % values


def _whole(email: OutboundEmail) -> str:
    return email.subject + email.body_text + email.body_html


@pytest.mark.parametrize(
    ("completed", "english", "msgid"),
    [
        ("no", "Mentorship ended early: ", "Mentorship ended early: %(pairing)s"),
        ("yes", "Mentorship completed: ", "Mentorship completed: %(pairing)s"),
    ],
)
def test_a_welsh_member_ending_a_mentorship_alerts_each_coordinator_in_their_own_language(
    pair, alice, coordinator, welsh_coordinator, completed, english, msgid
):
    _speaks_welsh(alice)
    client = Client()
    client.force_login(alice)
    response = client.post(
        reverse("mentorship:end", args=[pair.pk]), {"completed": completed, "reason": "Prysur"}
    )
    assert response.status_code == 302

    alerts = _alerts()
    to_english = alerts[coordinator.email]
    assert to_english.subject == english + ENGLISH_PAIRING
    assert f"Alice Ahmed {'marked' if completed == 'yes' else 'ended'} {ENGLISH_PAIRING}" in (
        to_english.body_text
    )
    assert "yn mentora" not in _whole(to_english)
    assert "gynnar" not in _whole(to_english)
    to_welsh = alerts[welsh_coordinator.email]
    assert to_welsh.subject == _in_welsh(msgid, pairing=WELSH_PAIRING)
    assert 'lang="cy"' in to_welsh.body_html


def test_a_concern_and_a_no_at_the_fit_check_from_a_welsh_member_reach_an_english_coordinator_in_english(
    pair, alice, coordinator, welsh_coordinator
):
    session(pair, when=at(2025, 3, 3))
    _speaks_welsh(alice)
    with translation.override("cy"):  # as during alice's own requests
        feedback.concern_report(mentorship=pair, by=alice, text="Pryder")
        feedback.fit_check_answer(mentorship=pair, by=alice, good_fit=False, comment="Na")

    alerts = OutboundEmail.objects.filter(kind="coordinator-alert")
    subjects = {(e.to, e.subject) for e in alerts}
    assert subjects == {
        (coordinator.email, f"A concern was reported about {ENGLISH_PAIRING}"),
        (coordinator.email, f"Not a good fit: {ENGLISH_PAIRING}"),
        (
            welsh_coordinator.email,
            _in_welsh("A concern was reported about %(pairing)s", pairing=WELSH_PAIRING),
        ),
        (welsh_coordinator.email, _in_welsh("Not a good fit: %(pairing)s", pairing=WELSH_PAIRING)),
    }
    [fit] = [e for e in alerts if e.to == coordinator.email and e.subject.startswith("Not a")]
    assert f"The mentee of {ENGLISH_PAIRING} says the pairing is not a good fit." in fit.body_text
