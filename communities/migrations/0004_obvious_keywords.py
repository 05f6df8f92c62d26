"""Give the seed's practice areas and communities the abbreviations people search for.

No text search maps an acronym onto words ("HR" onto Human Resources), so the keywords carry
them. Only common abbreviations of the names themselves, never invented facts, and only where
the keywords are still empty: anything the Head has written is left alone. The fixture
(fixtures/ucl_cop.json) carries the same words for databases loaded after this migration.
"""

from django.db import migrations

AREA_KEYWORDS = {
    "human-resources": "HR, people",
    "communications-and-marketing": "comms",
}

COMMUNITY_KEYWORDS = {
    "internal-communications": "internal comms",
    "digital-communications": "digital comms",
    "project-and-programme-management": "PPM",
    "widening-participation": "WP",
}


def set_keywords(apps, schema_editor):
    for model_name, keywords in (
        ("PracticeArea", AREA_KEYWORDS),
        ("Community", COMMUNITY_KEYWORDS),
    ):
        model = apps.get_model("communities", model_name)
        for slug, words in keywords.items():
            model.objects.filter(slug=slug, keywords="").update(keywords=words)


def clear_keywords(apps, schema_editor):
    # Only what this migration wrote, and only if nobody has changed it since.
    for model_name, keywords in (
        ("PracticeArea", AREA_KEYWORDS),
        ("Community", COMMUNITY_KEYWORDS),
    ):
        model = apps.get_model("communities", model_name)
        for slug, words in keywords.items():
            model.objects.filter(slug=slug, keywords=words).update(keywords="")


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0003_keywords_and_community_page"),
    ]

    operations = [
        migrations.RunPython(set_keywords, clear_keywords),
    ]
