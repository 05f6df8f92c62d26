"""Fill the portal with synthetic UCL staff, their memberships, and their communities' sessions,
RSVPs, announcements, projects and resource libraries (with small files of every type a member
may share), and a description and "how we meet" for every launched community's page, for demos
and load tests.

    manage.py seed_demo [--people 2000] [--communities N] [--seed 1] [--allow-production]

Running it again with the same options changes nothing; with other options it replaces the
synthetic people (and only them, with their sessions, projects and resources). The demo sign-ins
are made or repaired on every run; community pages are filled in only where they are empty.
`--communities N` adds made-up communities until the catalogue holds N (ucl_cop/demo/catalogue.py),
for load tests at UCL's scale; when it adds any, the synthetic people are made again, so their
memberships, sessions and projects spread over the new communities too.
Nothing is emailed: the rows are written straight to the tables.
"""

import time

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Count, Q

from communities.models import Community, PracticeArea
from communities.versions import bump_everything
from membership import services
from membership.models import HEAD_OF_COPS_GROUP, Interest, Membership, Person
from ucl_cop import demo
from ucl_cop.demo import activities as demo_activities
from ucl_cop.demo import catalogue as demo_catalogue
from ucl_cop.demo import practice as demo_practice

BATCH_SIZE = 2000


class Command(BaseCommand):
    help = (
        "Create synthetic UCL staff with realistic memberships, and the demo sign-ins "
        "(staff, sponsor, Head of CoPs) with printed passwords. Development only."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--people", type=int, default=2000, help="How many synthetic people (default 2000)."
        )
        parser.add_argument(
            "--communities",
            type=int,
            default=0,
            help="Add made-up communities until there are this many (default: none added).",
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Seed for the random choices (default 1)."
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even though DEBUG is off. The demo sign-ins have published passwords.",
        )

    def handle(
        self, *args, people: int, communities: int, seed: int, allow_production: bool, **options
    ):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "seed_demo makes sign-ins with published passwords, so it runs only with "
                "DJANGO_DEBUG=true. Pass --allow-production if this really is a demo site."
            )
        if people < 0:
            raise CommandError(f"--people must be 0 or more, not {people}.")
        if communities < 0:
            raise CommandError(f"--communities must be 0 or more, not {communities}.")
        self.started = time.monotonic()

        self.ensure_programme()
        added = self.ensure_communities(communities)
        launched = list(
            Community.objects.launched().select_related("practice_area").order_by("slug")
        )
        preparing = list(
            Community.objects.preparing().select_related("practice_area").order_by("slug")
        )
        plan = demo.plan(people=people, seed=seed, launched=launched, preparing=preparing)
        self.phase(f"Planned {people:,} synthetic people (seed {seed})")

        existing = set(demo.synthetic_people_queryset().values_list("email", flat=True))
        if existing == plan.emails and not added:
            self.phase(f"Synthetic people already present ({len(existing):,}): left as they are")
        else:
            # One transaction: a failure part-way leaves the previous demo data, not half of it.
            with transaction.atomic():
                if existing:
                    self.remove_synthetic_people()
                self.create_synthetic_people(plan, seed)

        with transaction.atomic():
            self.ensure_activities(launched, seed)
        with transaction.atomic():
            self.ensure_practice(launched, seed)
        with transaction.atomic():
            self.ensure_sign_ins(launched)
        # Bulk inserts and updates send no model signals: empty every cached page at once.
        bump_everything()
        self.summarise()

    # Phases ------------------------------------------------------------------------------------

    def phase(self, message: str) -> None:
        self.stdout.write(f"[{time.monotonic() - self.started:6.1f}s] {message}")

    def ensure_programme(self) -> None:
        if Community.objects.exists():
            return
        call_command("loaddata", "ucl_cop", verbosity=0)
        self.phase(
            f"Loaded the programme (fixture ucl_cop): {PracticeArea.objects.count()} practice "
            f"areas, {Community.objects.count()} communities"
        )

    def ensure_communities(self, total: int) -> int:
        """Add made-up communities up to `total`; return how many were added."""
        known = PracticeArea.objects.count()
        if total > (possible := Community.objects.count() + demo_catalogue.most()):
            raise CommandError(f"--communities can be at most {possible:,}, not {total:,}.")
        added = demo_catalogue.ensure(total)
        if added:
            self.phase(
                f"Added {added} made-up communities in {known} practice areas "
                f"({Community.objects.count()} communities in all)"
            )
        return added

    def remove_synthetic_people(self) -> None:
        people = demo.synthetic_people_queryset()
        count = people.count()
        demo_activities.remove()  # Their hosts and authors are about to go.
        demo_practice.remove()  # So are the projects' leads and the resources' authors.
        Interest.objects.filter(person__in=people).delete()
        # Synthetic memberships are deleted, not ended: they never happened. One SQL DELETE,
        # because the ORM's delete would write a history record for each row only for us to
        # delete it again (17 s for 20,000 people on PostgreSQL instead of a fraction of one).
        people_sql, params = people.values("pk").query.sql_with_params()
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {quote(Membership._meta.db_table)} "
                f"WHERE {quote(Membership._meta.get_field('person').column)} IN ({people_sql})",
                params,
            )
        Membership.history.filter(person_id__in=people.values("pk")).delete()
        people.delete()
        self.phase(f"Removed the {count:,} synthetic people of an earlier run")

    def create_synthetic_people(self, plan: demo.Plan, seed: int) -> None:
        created = Person.objects.bulk_create(demo.person_rows(plan, seed), batch_size=BATCH_SIZE)
        ids = {person.email: person.pk for person in created}
        if None in ids.values():  # Databases that cannot return ids from a bulk insert.
            ids = dict(
                demo.synthetic_people_queryset().values_list("email", "pk").iterator(BATCH_SIZE)
            )
        self.phase(f"Created {len(created):,} people")

        memberships = Membership.objects.bulk_create(
            demo.membership_rows(plan, ids), batch_size=BATCH_SIZE
        )
        ended = sum(1 for membership in memberships if membership.ended_at)
        self.phase(f"Created {len(memberships):,} memberships ({ended:,} since ended)")

        interests = Interest.objects.bulk_create(
            (
                Interest(person_id=ids[person.email], **interest)
                for person in plan.people
                for interest in person.interests
            ),
            batch_size=BATCH_SIZE,
        )
        self.phase(f"Created {len(interests):,} registrations of interest")

    def ensure_activities(self, launched: list[Community], seed: int) -> None:
        if demo_activities.present():
            count = demo_activities.demo_sessions().count()
            self.phase(f"Demo sessions already present ({count:,}): left as they are")
            return
        planned = demo_activities.plan(seed=seed, communities=launched)
        sessions, rsvps, announcements = demo_activities.create(planned)
        communities = len({session.community_id for session in planned.sessions})
        self.phase(
            f"Created {sessions:,} sessions in {communities} communities, {rsvps:,} RSVPs "
            f"and {announcements:,} announcements"
        )

    def ensure_practice(self, launched: list[Community], seed: int) -> None:
        filled = demo_practice.fill_pages(launched)
        if filled:
            self.phase(f"Wrote the page (description, how we meet) of {filled} communities")
        if demo_practice.present():
            count = demo_practice.demo_projects().count()
            self.phase(f"Demo projects and resources already present ({count:,} projects): left")
            return
        planned = demo_practice.plan(seed=seed, communities=launched)
        projects, participants, resources = demo_practice.create(planned)
        files = sum(1 for item in planned.resources if item.content is not None)
        self.phase(
            f"Created {projects:,} projects with {participants:,} participants, and "
            f"{resources:,} resources ({files:,} files stored)"
        )

    def ensure_sign_ins(self, launched: list[Community]) -> None:
        accounts = {}
        for sign_in in demo.SIGN_INS:
            person, created = Person.objects.update_or_create(
                email=sign_in.email,
                defaults={
                    "full_name": sign_in.full_name,
                    "job_title": sign_in.job_title,
                    "department": sign_in.department,
                    "is_active": True,
                },
            )
            # Reset on every run, so the printed password always works.
            person.set_password(sign_in.password)
            person.save(update_fields=["password"])
            accounts[sign_in.email] = (person, created)

        head, _ = accounts[f"head@{demo.DEMO_DOMAIN}"]
        head.groups.add(Group.objects.get(name=HEAD_OF_COPS_GROUP))  # Gives admin access too.

        sponsor, _ = accounts[f"sponsor@{demo.DEMO_DOMAIN}"]
        area = PracticeArea.objects.filter(slug=demo.DEMO_SPONSORED_AREA).first()
        if area is not None and area.sponsor_id != sponsor.pk:
            area.sponsor = sponsor
            area.save(update_fields=["sponsor"])

        staff, created = accounts[f"staff@{demo.DEMO_DOMAIN}"]
        if created and launched:
            # Something to see on "My communities" at first sign-in; later runs leave it alone.
            services.join(person=staff, community=launched[0], kind="wider")
        self.phase(f"Demo sign-ins ready ({len(accounts)})")

    def summarise(self) -> None:
        synthetic = demo.synthetic_people_queryset()
        active = Membership.objects.active().filter(person__in=synthetic)
        figures = synthetic.aggregate(
            people=Count("pk", distinct=True),
            core=Count(
                "memberships",
                filter=Q(memberships__kind="core", memberships__ended_at__isnull=True),
                distinct=True,
            ),
        )
        share = figures["core"] / figures["people"] if figures["people"] else 0
        self.phase(
            f"Done: {figures['people']:,} synthetic people, {figures['core']:,} core members "
            f"({share:.1%}), {active.count():,} active memberships"
        )
        self.stdout.write("")
        self.stdout.write("Demo sign-ins (development only):")
        for sign_in in demo.SIGN_INS:
            self.stdout.write(f"  {sign_in.role:<24} {sign_in.email:<32} {sign_in.password}")
