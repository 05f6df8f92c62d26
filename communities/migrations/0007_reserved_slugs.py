# Filled in by the proposals work (issue 18): `propose` becomes a reserved slug.
"""`/communities/propose/` is the page where staff propose a community, routed before
`/communities/<slug>/`, so no community may take that address: a validator for the forms, and
a check constraint as the last word.

A community that already had a reserved address (none in the seed) is moved to
`<slug>-community` first, so the constraint can be added; its old address was unreachable
anyway once the proposals page took it.
"""

from django.db import migrations, models

import communities.models

RESERVED = ["propose"]


def move_reserved_addresses(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    for community in Community.objects.filter(slug__in=RESERVED):
        slug, number = f"{community.slug}-community", 2
        while Community.objects.filter(slug=slug).exists():
            slug, number = f"{community.slug}-community-{number}", number + 1
        Community.objects.filter(pk=community.pk).update(slug=slug)


class Migration(migrations.Migration):
    dependencies = [("communities", "0006_counter_columns")]
    operations = [
        migrations.RunPython(move_reserved_addresses, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="community",
            name="slug",
            field=models.SlugField(
                max_length=120, unique=True, validators=[communities.models.validate_not_reserved]
            ),
        ),
        migrations.AlterField(
            model_name="historicalcommunity",
            name="slug",
            field=models.SlugField(
                max_length=120, validators=[communities.models.validate_not_reserved]
            ),
        ),
        migrations.AddConstraint(
            model_name="community",
            constraint=models.CheckConstraint(
                condition=~models.Q(slug__in=RESERVED),
                name="community_slug_not_reserved",
                violation_error_code="reserved_slug",
                violation_error_message="That address is a page of the portal. Choose another.",
            ),
        ),
    ]
