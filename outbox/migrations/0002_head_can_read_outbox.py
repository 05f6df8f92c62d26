"""Let the Head of CoPs read the outbox and resend failed emails from the admin.

The "CoP administrators" group is made by membership's 0002, which sets its permissions
outright; this runs after it and adds to them, so neither undoes the other.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "CoP administrators"
# change_email is what the admin's resend action needs; rows themselves stay read-only.
CODENAMES = ["view_email", "change_email"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run, and create_permissions skips an
    # app without a models module, which is how apps look inside a migration: make them now.
    outbox = apps.get_app_config("outbox")
    outbox.models_module = True
    try:
        create_permissions(outbox, apps=apps, verbosity=0)
    finally:
        outbox.models_module = None

    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*outbox_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*outbox_permissions(apps))


def outbox_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="outbox", codename__in=CODENAMES
    )


class Migration(migrations.Migration):
    # membership's 0002 brings the auth and contenttypes tables that this needs, and must come
    # first: it sets the group's permissions outright.
    dependencies = [
        ("membership", "0002_head_of_cops_group"),
        ("outbox", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
