"""Benchmark: form fields through crispy's filters and through fast_crispy's, in-process.

    python tests/benchmarks/bench_crispy_fields.py [--rounds 7]

Renders single session-log fields 300 times and the session log's and the mentorship page's
crispy-rendered forms 60 times each, with crispy_forms_tags and with fast_crispy, and prints
the process CPU time per rendering (the quietest round, so that other jobs on the machine move
it little) beside the bare widget (`{{ field }}`). Production settings; no database is touched.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

FIELDS = ("starts_at", "duration_minutes", "format", "summary")
LOG = """{% load LIB %}
{{ form.starts_at|as_crispy_field }}{{ form.duration_minutes|as_crispy_field }}
{{ form.format|as_crispy_field }}{{ form.summary|as_crispy_field }}
{% for field in form.goal_fields %}{{ field|as_crispy_field }}{% endfor %}
{% for item in items %}{{ item.description|as_crispy_field }}{{ item.owner|as_crispy_field }}
{{ item.due_on|as_crispy_field }}{% endfor %}{{ form.private_note|as_crispy_field }}"""
DETAIL = """{% load LIB site_forms %}
{{ agreement.meeting_frequency|as_crispy_field }}{{ agreement.meeting_format|as_crispy_field }}
{{ fit|crispy }}{% for key in keys %}{{ goal|ids_for:key|crispy }}{% endfor %}
{% with form=confirm|ids_for:1 %}{{ form.happened|as_crispy_field }}
{{ form.note|as_crispy_field }}{% endwith %}{{ reflection|ids_for:1|crispy }}"""


def _quietest(source: str, context: Callable[[], dict], count: int, rounds: int) -> float:
    """Milliseconds of process CPU per rendering, the quietest of the rounds."""
    from django.template import engines

    template = engines["django"].from_string(source)
    template.render(context())
    best = float("inf")
    for _ in range(rounds):
        contexts = [context() for _ in range(count)]  # fresh forms: crispy changes widget attrs
        start = time.process_time()
        for each in contexts:
            template.render(each)
        best = min(best, (time.process_time() - start) / count * 1000)
    return best


def _one_field(goals: list, name: str) -> dict:
    from mentorship.forms import SessionLogForm

    return {"f": SessionLogForm(goals=goals)[name]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    rounds = parser.parse_args().rounds
    os.environ.update(DJANGO_SETTINGS_MODULE="mentorship.settings", SECRET_KEY="bench", DEBUG="0")
    import django

    django.setup()
    from mentorship import forms
    from mentorship.models import Goal

    goals = [Goal(pk=1, title="Price the new range"), Goal(pk=2, title="Hire")]
    for name in FIELDS:
        field = functools.partial(_one_field, goals, name)
        bare = _quietest("{{ f }}", field, 300, rounds)
        crispy = _quietest(
            "{% load crispy_forms_tags %}{{ f|as_crispy_field }}", field, 300, rounds
        )
        fast = _quietest("{% load fast_crispy %}{{ f|as_crispy_field }}", field, 300, rounds)
        print(f"{name:28} widget {bare:5.2f} ms  crispy {crispy:5.2f} ms  fast {fast:5.2f} ms")

    def log() -> dict:
        return {
            "form": forms.SessionLogForm(goals=goals),
            "items": forms.ActionItemFormSet(prefix="items"),
        }

    def detail() -> dict:
        return {
            "agreement": forms.AgreementForm(),
            "fit": forms.FitCheckForm(auto_id="fit-%s"),
            "goal": forms.GoalUpdateForm(),
            "keys": [1, 2, 3],
            "confirm": forms.ConfirmForm(),
            "reflection": forms.ReflectionForm(),
        }

    for name, source, context in (
        ("session log form", LOG, log),
        ("mentorship page", DETAIL, detail),
    ):
        crispy = _quietest(source.replace("LIB", "crispy_forms_tags"), context, 60, rounds)
        fast = _quietest(source.replace("LIB", "fast_crispy"), context, 60, rounds)
        print(f"{name:28} crispy {crispy:5.2f} ms  fast {fast:5.2f} ms")


if __name__ == "__main__":
    main()
