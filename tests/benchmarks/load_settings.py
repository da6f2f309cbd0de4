"""Settings for the load benchmark: the production settings, plus a trivial view in the URLs.

bench_load.py sets the environment (DEBUG off, PostgreSQL, Redis, plain HTTP on loopback)
before gunicorn imports this. Nothing else changes, so every page goes through the full
production middleware, and the trivial view measures what this stack costs before any page
does its own work. The trivial view never reaches the real site's URLs.
"""

from mentorship.settings import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.load_urls"
