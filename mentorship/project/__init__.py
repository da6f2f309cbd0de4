"""The site's plumbing: what every page and process needs, no mentoring rules.

The standard Django project files stay at the package root (`mentorship/settings.py`, `urls.py`,
`celery.py`, `wsgi.py`, `asgi.py`); the rest lives here: `cache` (the Redis cache that carries on
while Redis is down), `health` (/healthz and the worker's heartbeat), `context_processors` (what
every template gets), `crispy_fields` (crispy's field wrapper built in Python) and the pieces of
the settings kept apart to keep that module readable.
Nothing here may import the relationship's services; `health` reads only `Heartbeat`.
"""
