#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorship.settings")
    # manage.py is the developer's tool: without DEBUG set it runs as in development, so
    # makemigrations and check work on a bare checkout. Production sets DEBUG=0 (docker-compose
    # does), and the web server (wsgi.py) and workers (celery.py) never come through here.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
