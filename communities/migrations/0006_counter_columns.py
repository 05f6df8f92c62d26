"""Counter columns on Community (issue 17): active core and wider members, and registrations of
interest, so the list, the community page and the reports read three integers instead of
counting memberships for every community on every request.

This migration adds the columns and counts them from the rows as they are. Database triggers
keep them exact from then on: `membership/migrations/0007_counter_triggers.py`, which counts
again as it installs them, so nothing written in between is missed.

The counts come from the membership app's tables, which exist by now: `0002_initial` depends
on the custom user model's app, whose first migration creates them.
"""

from django.db import migrations, models

# Active memberships (not ended) by kind, and every registration of interest: what the pages
# showed before, through the correlated counts these columns replace. Plain SQL that both
# PostgreSQL and SQLite run, so the columns are right on either.
COUNT_FROM_ROWS = """
UPDATE communities_community SET
    core_count = (
        SELECT COUNT(*) FROM membership_membership AS m
        WHERE m.community_id = communities_community.id
          AND m.kind = 'core' AND m.ended_at IS NULL
    ),
    wider_count = (
        SELECT COUNT(*) FROM membership_membership AS m
        WHERE m.community_id = communities_community.id
          AND m.kind = 'wider' AND m.ended_at IS NULL
    ),
    interest_count = (
        SELECT COUNT(*) FROM membership_interest AS i
        WHERE i.community_id = communities_community.id
    )
"""


def counter_field(verbose_name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(
        verbose_name, default=0, editable=False, serialize=False
    )


class Migration(migrations.Migration):
    dependencies = [("communities", "0005_search_indexes")]
    operations = [
        migrations.AddField("community", "core_count", counter_field("core members")),
        migrations.AddField("community", "wider_count", counter_field("wider members")),
        migrations.AddField("community", "interest_count", counter_field("registered interest")),
        # Going back, the columns are dropped with the fields: nothing to undo here.
        migrations.RunSQL(COUNT_FROM_ROWS, migrations.RunSQL.noop, elidable=True),
    ]
