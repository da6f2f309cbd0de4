"""Settings for test runs: the real settings module, with what a test run needs by default.

The environment still wins, so CI's DATABASE_URL and REDIS_URL reach the real services.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("VAR_DIR", os.path.join(os.path.dirname(__file__), "..", "var", "test"))

from mentorship.settings import *  # noqa: F403

# Fast hashing: the tests are about our code, not about PBKDF2's cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_AUTOREFRESH = True

if not os.environ.get("REDIS_URL"):
    # Without Redis, tasks queued by a test go nowhere; tests that need a worker use Redis.
    CELERY_BROKER_URL = "memory://"
