#!/usr/bin/env python3
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415 — after the settings are named

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
