"""Both the Django project and the mentoring-relationship app (see the README's Layout section).

The project: `settings.py`, `urls.py`, `celery.py`, `wsgi.py` and `asgi.py` at this root, where
Django users look for them, and `project/` for the rest of the plumbing (cache, health check,
context processors, pieces of the settings). The relationship app: its subpackages (models,
services, selectors, views, admin, ...), which hold the mentoring rules.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)
