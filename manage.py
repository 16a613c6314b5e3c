#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "arbeitskreis.settings")
    # A machine with neither DEBUG nor SECRET_KEY set is a development machine (production always has a
    # SECRET_KEY): commands run in development mode there. gunicorn (wsgi.py) never does this.
    if "DEBUG" not in os.environ and "SECRET_KEY" not in os.environ:
        os.environ["DEBUG"] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
