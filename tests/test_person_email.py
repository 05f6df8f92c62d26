"""One person per address, whatever its case: the database is the last word.

Every way in (sign-up by the manager, the admin's forms, imports, sign-in) normalises an
address the same way, and a unique constraint on the lower-cased address catches whatever
slips past them, such as code that saves a Person directly.
"""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, transaction

from membership.models import Person, normalize_address

from .factories import PersonFactory

pytestmark = pytest.mark.django_db

migration = import_module("membership.migrations.0003_person_email_unique_ignoring_case")


def test_an_address_differing_only_in_case_is_refused_by_the_manager():
    Person.objects.create_user(email="ann@ucl.ac.uk", full_name="Ann O'Brien")

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create_user(email="Ann@ucl.ac.uk", full_name="Ann O'Brien")

    assert Person.objects.count() == 1


def test_the_database_refuses_an_address_differing_only_in_case_even_past_the_manager():
    PersonFactory(email="ann@ucl.ac.uk")

    with pytest.raises(IntegrityError), transaction.atomic():
        Person(email="ANN@ucl.ac.uk", full_name="Ann O'Brien").save()

    assert list(Person.objects.values_list("email", flat=True)) == ["ann@ucl.ac.uk"]


def test_every_way_in_stores_the_address_in_one_form():
    assert normalize_address("  Ann.OBrien@UCL.AC.UK ") == "ann.obrien@ucl.ac.uk"
    person = Person.objects.create_user(email="Ann.OBrien@UCL.ac.uk", full_name="Ann")
    assert person.email == "ann.obrien@ucl.ac.uk"
    assert Person.objects.get_by_natural_key(" ANN.OBRIEN@ucl.ac.uk") == person


def test_full_clean_names_the_clash_in_words_a_person_reads():
    from django.core.exceptions import ValidationError

    PersonFactory(email="ann@ucl.ac.uk")

    with pytest.raises(ValidationError) as refused:
        Person(email="Ann@UCL.ac.uk", full_name="Ann").full_clean(exclude=["password"])

    assert "already" in str(refused.value)


def test_the_migration_refuses_to_run_while_addresses_differ_only_in_case():
    # Simulate a database from before the constraint, where such people could be saved.
    with connection.cursor() as cursor:
        cursor.execute('DROP INDEX "person_email_unique_ignoring_case"')
    PersonFactory(email="ann@ucl.ac.uk")
    PersonFactory(email="Ann@UCL.ac.uk")
    PersonFactory(email="bob@ucl.ac.uk")

    with pytest.raises(RuntimeError) as refused:
        migration.refuse_addresses_differing_only_in_case(apps, connection.schema_editor())

    assert "ann@ucl.ac.uk" in str(refused.value)
    assert "Ann@UCL.ac.uk" in str(refused.value)
    assert "bob@ucl.ac.uk" not in str(refused.value)
    assert Person.objects.count() == 3, "the check must never merge or change people"


def test_the_migration_check_lets_distinct_addresses_through():
    PersonFactory(email="ann@ucl.ac.uk")
    PersonFactory(email="bob@ucl.ac.uk")

    migration.refuse_addresses_differing_only_in_case(apps, connection.schema_editor())
