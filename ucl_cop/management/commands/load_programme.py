"""Load the programme as the seed publishes it, without undoing anything the Head changed.

    manage.py load_programme

Reads fixtures/ucl_cop.json and creates only the rows the database lacks; every row already
there is left exactly as it is (a launched or closed community keeps its status, a renamed area
its name). Unlike `loaddata`, which overwrites, it is safe to run on every start and deploy.
"""

from django.conf import settings
from django.core import serializers
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, transaction

from communities.models import ProgrammeContact

FIXTURE = settings.BASE_DIR / "fixtures" / "ucl_cop.json"

# Models with one row that pages read as "the" row: any row there counts as the fixture's one,
# so a contact the Head replaced is not joined by the seed's again.
SINGLETONS = {ProgrammeContact}


def _exists(instance, using: str) -> bool:
    """Whether the database already holds this row: by natural key or pk, or by any other
    unique field (a community whose slug the Head changed is still the same community)."""
    model = type(instance)
    manager = model._default_manager.db_manager(using)
    if model in SINGLETONS:
        return manager.exists()
    # The deserializer fills in the pk of a row found by its natural key.
    if instance.pk is not None and manager.filter(pk=instance.pk).exists():
        return True
    return any(
        manager.filter(**{field.attname: getattr(instance, field.attname)}).exists()
        for field in model._meta.local_fields
        if field.unique and not field.primary_key
    )


class Command(BaseCommand):
    help = (
        "Create the programme's practice areas, communities, sponsors and contact from "
        "fixtures/ucl_cop.json where they are missing; existing rows are left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        created = kept = 0
        created_models = set()
        with transaction.atomic(using=database), FIXTURE.open(encoding="utf-8") as fixture:
            # Objects are saved one by one as they are read, so a row created here (a sponsor)
            # is found by the natural keys of the rows after it (their practice area).
            for obj in serializers.deserialize(
                "json", fixture, using=database, handle_forward_references=True
            ):
                if _exists(obj.object, database):
                    kept += 1
                    continue
                if obj.deferred_fields:
                    missing = ", ".join(field.name for field in obj.deferred_fields)
                    raise CommandError(
                        f"Cannot create {obj.object._meta.label} {obj.object}: its {missing} "
                        "is neither in the database nor in the fixture."
                    )
                obj.save(using=database)
                created += 1
                created_models.add(type(obj.object))
        if ProgrammeContact in created_models:
            # Rows are saved raw, past ProgrammeContact.save(): forget the footer's cached
            # "no contact yet" here instead.
            cache.delete(ProgrammeContact.CACHE_KEY)
        self.stdout.write(
            f"Programme loaded: {created} created, {kept} kept "
            "(already in the database, left as they are)."
        )
