"""Let the Head of CoPs see sessions, RSVPs and announcements in the admin, and cancel sessions.

The "CoP administrators" group is made by membership's 0002, which sets its permissions
outright; this runs after it (and after outbox's 0002, which also adds to them) and adds to
them, so none undoes another.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "CoP administrators"
# change_session is what the admin's cancel action needs; the rows themselves stay read-only.
CODENAMES = ["view_session", "change_session", "view_rsvp", "view_announcement"]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations run, and create_permissions skips an
    # app without a models module, which is how apps look inside a migration: make them now.
    activities = apps.get_app_config("activities")
    activities.models_module = True
    try:
        create_permissions(activities, apps=apps, verbosity=0)
    finally:
        activities.models_module = None

    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=GROUP)
    group.permissions.add(*activity_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*activity_permissions(apps))


def activity_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="activities", codename__in=CODENAMES
    )


class Migration(migrations.Migration):
    # membership's 0002 brings the auth and contenttypes tables that this needs, and must come
    # first: it sets the group's permissions outright.
    dependencies = [
        ("activities", "0001_initial"),
        ("membership", "0002_head_of_cops_group"),
        ("outbox", "0002_head_can_read_outbox"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
