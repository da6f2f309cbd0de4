"""Durations in words, in the reader's language ("18 hours, 59 minutes", "18 awr, 59 munud").

Django's timeuntil and timesince have no Welsh, so pages use these filters instead: each unit
goes through ngettext, whose plural forms Welsh needs (1 awr, 2 awr, 3 awr...)."""

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import ngettext

register = template.Library()


def _day(n: int) -> str:
    return ngettext("%(num)d day", "%(num)d days", n) % {"num": n}


def _hour(n: int) -> str:
    return ngettext("%(num)d hour", "%(num)d hours", n) % {"num": n}


def _minute(n: int) -> str:
    return ngettext("%(num)d minute", "%(num)d minutes", n) % {"num": n}


@register.filter
def duration(value: timedelta | int | None) -> str:
    """A timedelta, or a number of minutes, as its largest unit and the next one if not zero:
    "2 days, 3 hours", "18 hours, 59 minutes", "1 hour", "0 minutes"."""
    if value is None or value == "":
        return ""
    minutes = int(value.total_seconds() // 60) if isinstance(value, timedelta) else int(value)
    minutes = max(minutes, 0)
    units = [(_day, minutes // 1440), (_hour, minutes % 1440 // 60), (_minute, minutes % 60)]
    first = next((i for i, (_word, n) in enumerate(units) if n), len(units) - 1)
    words = [word(n) for word, n in units[first : first + 2] if n or len(units) - 1 == first]
    return ", ".join(words)


@register.filter
def time_until(moment: datetime | None) -> str:
    """How long from now until `moment`, in words ("0 minutes" once it has passed)."""
    return duration(moment - timezone.now()) if moment else ""


@register.filter
def time_since(moment: datetime | None) -> str:
    """How long ago `moment` was, in words."""
    return duration(timezone.now() - moment) if moment else ""
