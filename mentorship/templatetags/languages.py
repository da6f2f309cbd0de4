from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def languages_other_than(current: str) -> list[tuple[str, str]]:
    """The site's other languages, each named in itself ("Cymraeg", "English"): Django's own
    list would name English in Welsh on a Welsh page, which an English reader cannot find."""
    return [(code, name) for code, name in settings.LANGUAGES if code != current]
