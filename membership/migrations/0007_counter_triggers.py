"""Database triggers that keep `Community.core_count`, `wider_count` and `interest_count` exact
(issue 17), and partial indexes for the hot reads: a community's active leads and active core
members, and the people the reports count as staff.

The triggers' SQL, for PostgreSQL and SQLite, and why they are triggers, are in
`membership/counters.py`. Installing them counts every community again in this migration's
transaction, so whatever was written since `communities.0006_counter_columns` counted them is
included.
"""

from django.db import migrations, models

from membership import counters


def install_triggers(apps, schema_editor) -> None:
    counters.install(schema_editor)


def remove_triggers(apps, schema_editor) -> None:
    counters.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0006_person_anonymisation"),
        ("communities", "0006_counter_columns"),
    ]
    operations = [
        migrations.RunPython(install_triggers, remove_triggers),
        # A community's active leads: a handful of rows among its thousands of memberships.
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["community"],
                condition=models.Q(is_lead=True, ended_at__isnull=True),
                name="membership_active_leads",
            ),
        ),
        # A community's active core members (the reports' reconfirmation figures), and the
        # people the programme summary counts as staff: the plans checked in
        # tests/test_query_plans.py.
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(
                fields=["community"],
                condition=models.Q(kind="core", ended_at__isnull=True),
                name="membership_active_core",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["id"],
                condition=models.Q(is_active=True, is_staff=False, is_superuser=False)
                & ~models.Q(email__iendswith=".invalid"),
                name="person_counted_as_staff",
            ),
        ),
    ]
