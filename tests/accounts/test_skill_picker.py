"""The skills picker, which each process draws once while nothing in it is ticked."""

import re

from django.urls import reverse

from accounts.forms import ProfileForm, SkillPicker
from accounts.models import Skill
from mentorship.forms import SessionLogForm


def _picker(**kwargs) -> str:
    return str(SessionLogForm(**kwargs)["topics"])


def test_an_unticked_picker_shows_a_renamed_skill_at_once(db):
    first = _picker()
    assert first == _picker()
    skill = Skill.objects.get(name="Bookkeeping")
    skill.name = "Book-keeping"
    skill.save()

    again = _picker()
    assert "Book-keeping" in again and ">Bookkeeping<" not in again


def test_a_ticked_skill_is_checked_and_does_not_leak_into_an_unticked_picker(db):
    skill = Skill.objects.get(name="Bookkeeping")
    ticked = _picker(initial={"topics": [skill.pk]})
    assert re.search(rf'value="{skill.pk}" id="id_topics_\w+" checked>', ticked)
    assert ticked.count(" checked") == 1
    assert " checked" not in _picker()


def test_the_session_log_form_still_refuses_a_skill_that_does_not_exist(pair, bob_client):
    response = bob_client.post(
        reverse("mentorship:session_log_new", args=[pair.pk]), {"topics": ["999999"]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["topics"]


def test_the_grouped_picker_still_offers_the_synonyms_to_the_filter(db):
    widget = SkillPicker(choices=[("Money", [(1, "Bookkeeping")])])
    widget.search_terms = {"1": "bookkeeping money accounts"}
    html = widget.render("skills", None, {"id": "id_skills"})
    assert 'data-skill-terms="bookkeeping money accounts"' in html
    assert "<legend" in html and "Money" in html


def test_the_skills_are_read_once_per_form_and_only_when_a_picker_is_drawn(
    db, django_assert_num_queries
):
    with django_assert_num_queries(0):  # validated, never drawn: nothing to read
        SessionLogForm(data={"summary": "x", "topics": []}).is_valid()

    form = ProfileForm()
    with django_assert_num_queries(1):  # two pickers, one taxonomy
        offered, wanted = str(form["skills_offered"]), str(form["skills_wanted"])
    assert "ledgers" in offered and "ledgers" in wanted
