"""Let the Head of CoPs see projects, their participants and resources in the admin, and hide
or show resources again.

Like 0002, this adds to the "CoP administrators" group's permissions and takes away only its
own when reversed, so none of the migrations that grant the group permissions undoes another.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "CoP administrators"
# change_resource is what the admin's hide and show actions need; the rows stay read-only.
CODENAMES = ["view_project", "view_projectmember", "view_resource", "change_resource"]


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
    group.permissions.add(*practice_permissions(apps))


def revoke(apps, schema_editor):
    for group in apps.get_model("auth", "Group").objects.filter(name=GROUP):
        group.permissions.remove(*practice_permissions(apps))


def practice_permissions(apps):
    return apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="activities", codename__in=CODENAMES
    )


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0003_projects_and_resources"),
        ("membership", "0002_head_of_cops_group"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
