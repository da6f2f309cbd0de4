from django.conf import settings
from django.http import HttpRequest


def programme(request: HttpRequest) -> dict[str, str]:
    """What every page's footer says about the programme: where to write to it."""
    return {"programme_contact_email": settings.PROGRAMME_CONTACT_EMAIL}
