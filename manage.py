#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "poc_training.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Load the settings first: Django's command line sets a settings error aside and later fails
    # with "Models aren't loaded yet", hiding the message that says which variable to set.
    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading it loads the settings
    except ImproperlyConfigured as error:
        sys.exit(f"poc_training cannot start: {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
