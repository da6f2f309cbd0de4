"""The skills picker, which each process draws once while nothing in it is ticked."""

import re

from django.urls import reverse

from accounts.forms.profile import ProfileForm
from accounts.forms.skill_picker import SkillPicker
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


def _offered_picker(page: str) -> list[tuple[str, bool]]:
    """The skills-offered picker's checkboxes in order, as (category, ticked)."""
    picker = page.split('id="id_skills_offered"', 1)[1].split("data-skill-picker", 1)[0]
    found, category = [], ""
    for legend, ticked in re.findall(
        r'<legend class="fs-6[^"]*"[^>]*>([^<]*)</legend>|name="skills_offered"[^>]*?( checked)?>',
        picker,
    ):
        category = legend or category
        if not legend:
            found.append((category, bool(ticked)))
    return found


def test_the_profile_form_shows_the_members_ticked_skills_first(bob_client):
    page = bob_client.get(reverse("accounts:profile_edit")).content.decode()
    boxes = _offered_picker(page)
    assert len(boxes) > 10
    first_category = boxes[0][0]
    assert boxes[0][1], "the first skill shown is one of bob's"
    ticked_categories = [c for c, ticked in boxes if ticked]
    assert sum(ticked for _c, ticked in boxes) == 2
    # Every category with a ticked skill comes before those without, and starts with them.
    seen = list(dict.fromkeys(c for c, _ in boxes))
    assert seen[: len(set(ticked_categories))] == list(dict.fromkeys(ticked_categories))
    for category in set(ticked_categories):
        in_it = [ticked for c, ticked in boxes if c == category]
        assert in_it == sorted(in_it, reverse=True), category
    assert first_category in ticked_categories


def test_the_taxonomy_is_translated_once_per_language_and_version(db):
    from django.utils import translation

    from accounts.forms import skill_picker

    def choices() -> list:
        form = SessionLogForm()
        return list(form.fields["topics"].choices)

    with translation.override("en-gb"):
        english = choices()
        assert choices() == english
        grouped = skill_picker._taxonomy()
        assert skill_picker._taxonomy() is grouped  # the same object: nothing translated again
    with translation.override("cy"):
        welsh = skill_picker._taxonomy()
    assert welsh is not grouped and welsh.choices != grouped.choices

    Skill.objects.create(name="Beekeeping", category=Skill.objects.first().category)
    with translation.override("en-gb"):
        grown = skill_picker._taxonomy()
    assert grown is not grouped
    assert "Beekeeping" in [label for _, options in grown.choices for _, label in options]
