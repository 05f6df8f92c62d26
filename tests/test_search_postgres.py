"""On PostgreSQL, search ranks full-text matches by where the words are (name, then practice
area, then summary and keywords, then description), understands English word forms, and
forgives typos through trigram similarity, below every real match.

Run with DATABASE_URL=postgres://... (skipped on SQLite).
"""

import pytest
from django.db import connection

from communities import search
from communities.models import Community

from .factories import CommunityFactory, PracticeAreaFactory

pytestmark = pytest.mark.postgres


def found(text: str) -> list[str]:
    return list(
        search.ranked(search.communities(Community.objects.visible(), text), "name").values_list(
            "name", flat=True
        )
    )


def test_the_name_outranks_the_practice_area_the_summary_and_the_description(db):
    plain = PracticeAreaFactory(name="Estates", slug="estates")
    CommunityFactory(name="Delta", practice_area=plain, description="All about budgets here.")
    CommunityFactory(name="Charlie", practice_area=plain, summary="Staff who set budgets.")
    CommunityFactory(
        name="Bravo", practice_area=PracticeAreaFactory(name="Budgets and Finance", slug="bf")
    )
    CommunityFactory(name="Budgets", practice_area=plain)

    assert found("budgets") == ["Budgets", "Bravo", "Charlie", "Delta"]


def test_keywords_of_a_community_rank_with_its_summary_above_its_description(db):
    area = PracticeAreaFactory(name="Estates", slug="estates")
    CommunityFactory(name="Zulu", practice_area=area, keywords="MI, reporting")
    CommunityFactory(name="Alpha", practice_area=area, description="We do MI for deans.")

    assert found("MI") == ["Zulu", "Alpha"]


def test_english_word_forms_match(programme):
    assert set(found("plans")) >= {"Data and Insight", "Project and Programme Management"}
    assert "Project and Programme Management" in found("managing")


def test_a_typo_still_finds_planning(programme):
    assert set(found("planing")) == {"Data and Insight", "Project and Programme Management"}
    assert found("human resorces") == ["Appraisals and inductions"]
    assert set(found("Managment")) == {"Events Management", "Project and Programme Management"}


def test_a_real_match_ranks_above_a_typo(programme):
    CommunityFactory(
        name="Workshop Skills",
        practice_area=PracticeAreaFactory(name="Technical", slug="technical"),
        description="Planing, sanding and finishing timber.",
    )

    assert found("planing")[0] == "Workshop Skills"


def test_short_words_are_not_near_misses_of_longer_ones(programme):
    Community.objects.filter(slug="events-management").update(
        description="We walk you through the venue."
    )

    assert found("HR") == ["Appraisals and inductions"]
    assert found("it") == []


def test_the_search_indexes_exist(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search_trigram'"
        )
        indexes = dict(cursor.fetchall())
    assert set(indexes) == {"community_search_trigram", "practicearea_search_trigram"}
    assert all(
        "gin" in definition and "gin_trgm_ops" in definition for definition in indexes.values()
    )
