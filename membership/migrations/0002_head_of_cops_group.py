"""Create the "CoP administrators" group: the Head of CoPs' role, with exactly her permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "CoP administrators"

# (app_label, model, actions). No delete: memberships end rather than vanish, communities close.
PERMISSIONS = [
    ("communities", "practicearea", ["add", "change", "view"]),
    ("communities", "community", ["add", "change", "view"]),
    ("communities", "programmecontact", ["change", "view"]),
    ("communities", "historicalpracticearea", ["view"]),
    ("communities", "historicalcommunity", ["view"]),
    ("membership", "person", ["add", "change", "view"]),
    ("membership", "membership", ["add", "change", "view"]),
    ("membership", "historicalmembership", ["view"]),
    ("membership", "interest", ["view"]),
]


def create_group(apps, schema_editor):
    # Permissions are normally made after all migrations run; make them now so we can grant them.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    codenames = [
        (app_label, f"{action}_{model}")
        for app_label, model, actions in PERMISSIONS
        for action in actions
    ]
    permissions = [
        Permission.objects.get(content_type__app_label=app_label, codename=codename)
        for app_label, codename in codenames
    ]
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("communities", "0002_initial"),
        ("membership", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
