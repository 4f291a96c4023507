"""Runs inside doccano's own virtual environment (not attrib's), started by
:meth:`attrib.doccano.serve.DoccanoServer.initialise`.

Migrates the SQLite database, creates doccano's roles and the admin user.
The password comes from the environment so that it never shows in a
process list; an existing user is left alone (the UI may have changed it).
Exit code 3: the user is missing and no password was given.
"""

import os
import sys

import django
from django.core import management


def main() -> int:
    django.setup()
    management.call_command("migrate", interactive=False, verbosity=0)
    management.call_command("create_roles")
    from django.contrib.auth import get_user_model

    users = get_user_model()
    username = os.environ["ATTRIB_DOCCANO_ADMIN"]
    if users.objects.filter(username=username).exists():
        print(f"user {username} exists")
        return 0
    password = os.environ.get("ATTRIB_DOCCANO_ADMIN_PASSWORD")
    if not password:
        return 3
    users.objects.create_superuser(username=username, email="", password=password)
    print(f"created admin user {username}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
