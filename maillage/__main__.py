"""The `maillage` console script: Django's manage command for this project."""

import os
import sys
from importlib import import_module

# Commands that read files and write an answer, with no database nor app: they run without loading
# Django's apps (a second of start-up for a 14 ms computation). `call_command` still finds them.
FILE_COMMANDS = {
    "coverage": "maillage.territory.management.commands.coverage",
    "siting": "maillage.territory.management.commands.siting",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    from maillage.env import ConfigurationError, exit_on_configuration_error

    try:
        if len(sys.argv) > 1 and sys.argv[1] in FILE_COMMANDS:
            import_module(FILE_COMMANDS[sys.argv[1]]).Command().run_from_argv(sys.argv)
            return
        from django.core.management import execute_from_command_line

        execute_from_command_line(sys.argv)
    except ConfigurationError as error:
        exit_on_configuration_error(error)


if __name__ == "__main__":
    main()
