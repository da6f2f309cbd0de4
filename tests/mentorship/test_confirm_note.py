"""Confirming a logged session asks "What was different?" only after a "No"."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from mentorship.services import sessions
from mentorship.services.sessions import SessionLog


def test_the_note_sits_in_a_box_the_script_shows_only_for_no_and_is_there_without_it(
    pair, bob, alice_client
):
    log = SessionLog(
        starts_at=timezone.now() - timedelta(days=1),
        duration_minutes=60,
        format="remote",
        summary="Cash book.",
        action_items=[],
    )
    sessions.session_log(mentorship=pair, by=bob, log=log)
    page = alice_client.get(reverse("mentorship:detail", args=[pair.pk])).content.decode()
    box = page.split("<div data-shown-for-no>", 1)[1].split("</div>", 1)[0]
    assert 'name="note"' in box and "What was different?" in box
    assert "hidden" not in box, "without the script the note can still be written"
    assert 'src="/static/js/session-confirm.js"' in page


def test_the_script_hides_the_note_unless_no_is_chosen():
    script = (Path(settings.BASE_DIR) / "static" / "js" / "session-confirm.js").read_text()
    assert "[data-shown-for-no]" in script
    assert 'chosen.value === "no"' in script and "box.hidden" in script
