"""Count every community's members and registrations of interest again from the rows, and
report (and fix) any counter that had drifted.

    manage.py recount_communities [--check]

`Community.core_count`, `wider_count` and `interest_count` are kept by database triggers
(`membership/counters.py`), so a drift means something wrote around them: a restored backup,
SQL run with the triggers off, a bug. Each drift is reported as `<slug>: core 12 -> 13` and
fixed. With `--check` nothing is written, and the command fails if it found any drift, so a
monitor can run it. A second run finds nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from communities.models import Community
from communities.versions import bump_catalogue, bump_community

from ...models import Interest, Membership

# Each counter column, the word the report uses for it, and the rows it counts.
COUNTERS = (
    ("core_count", "core", lambda: Membership.objects.active().core()),
    ("wider_count", "wider", lambda: Membership.objects.active().wider()),
    ("interest_count", "interest", lambda: Interest.objects.all()),
)


def _counted(rows: QuerySet) -> Coalesce:
    counts = (
        rows.filter(community=OuterRef("pk"))
        .order_by()
        .values("community")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def drifts(communities: QuerySet[Community]) -> list[tuple[Community, str, str, int, int]]:
    """Each counter that differs from its rows: (community, column, word, stored, counted).

    One query. The stored and counted values come from the same snapshot, and a trigger
    writes a counter in the same transaction as its rows, so a write in progress elsewhere is
    never mistaken for drift."""
    annotated = communities.annotate(
        **{f"counted_{column}": _counted(rows()) for column, _word, rows in COUNTERS}
    ).order_by("slug")
    found = []
    for community in annotated:
        for column, word, _rows in COUNTERS:
            stored, counted = getattr(community, column), getattr(community, f"counted_{column}")
            if stored != counted:
                found.append((community, column, word, stored, counted))
    return found


class Command(BaseCommand):
    help = (
        "Count every community's core and wider members and registrations of interest from "
        "the rows; report each counter that had drifted, and fix it (unless --check)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report drift, writing nothing; exit with an error if there is any.",
        )

    def handle(self, *args, check: bool, **options):
        with transaction.atomic():
            communities = Community.objects.all()
            if not check:
                # Lock every community first, in key order (the order the triggers take them
                # in): a join committing meanwhile then waits for the fix instead of landing
                # between the count and the write, where the fix would undo it.
                list(communities.select_for_update().order_by("pk").values_list("pk"))
            found = drifts(communities)
            for community, column, word, stored, counted in found:
                self.stdout.write(f"{community.slug}: {word} {stored} -> {counted}")
                if not check:
                    Community.objects.filter(pk=community.pk).update(**{column: counted})
                    # update() sends no signal: the list, the reports and the page must change.
                    bump_catalogue()
                    bump_community(community.pk)
        total = Community.objects.count()
        if not found:
            self.stdout.write(f"Counted {total} communities: every counter was right.")
        elif check:
            raise CommandError(
                f"{len(found)} counter{'s' if len(found) != 1 else ''} had drifted; "
                "run recount_communities without --check to fix them."
            )
        else:
            self.stdout.write(
                f"Counted {total} communities: fixed {len(found)} "
                f"counter{'s' if len(found) != 1 else ''} that had drifted."
            )
