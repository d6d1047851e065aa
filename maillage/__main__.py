"""The `maillage` console script: Django's manage command for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    from django.core.management import execute_from_command_line

    from maillage.env import ConfigurationError, exit_on_configuration_error

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        exit_on_configuration_error(error)


if __name__ == "__main__":
    main()
