"""Community search matches what people type: whole words, in the name, the practice area, the
keywords, the summary and the description, on SQLite and PostgreSQL alike.

(PostgreSQL's ranking and typo tolerance are in test_search_postgres.py.)
"""

import importlib

import pytest
from django.apps import apps

from communities import search
from communities.models import Community, PracticeArea

from .factories import CommunityFactory, PracticeAreaFactory

keyword_migration = importlib.import_module("communities.migrations.0004_obvious_keywords")


def found(text: str) -> list[str]:
    return list(
        search.ranked(search.communities(Community.objects.visible(), text), "name").values_list(
            "name", flat=True
        )
    )


def listed(client, text: str) -> str:
    return client.get("/communities/", {"q": text}).text


def test_planning_finds_the_planning_areas_communities(client, programme):
    text = listed(client, "planning")

    assert "Data and Insight" in text
    assert "Project and Programme Management" in text
    assert "Appraisals and inductions" not in text
    assert set(found("planning")) >= {"Data and Insight", "Project and Programme Management"}


def test_hr_finds_human_resources_communities_through_the_areas_keywords(client, programme):
    assert found("HR") == ["Appraisals and inductions"]
    assert found("hr") == ["Appraisals and inductions"]
    assert "Appraisals and inductions" in listed(client, "HR")


def test_human_resources_in_words_finds_them_too(client, programme):
    assert found("human resources") == ["Appraisals and inductions"]
    assert "1 community matches your filters." in listed(client, "human resources")


def test_hr_is_a_word_not_letters_inside_other_words(programme):
    Community.objects.filter(slug="events-management").update(
        description="We walk you through the venue and through the day."
    )

    assert "Events Management" not in found("HR")
    assert "Events Management" in found("through venue")


def test_analytics_finds_data_and_insight_when_its_description_says_so(programme):
    assert found("analytics") == []

    Community.objects.filter(slug="data-and-insight").update(
        description="We share **analytics** practice: dashboards, surveys and reporting."
    )

    assert found("analytics") == ["Data and Insight"]


def test_every_word_must_match_somewhere(programme):
    assert found("data insight") == ["Data and Insight"]
    assert found("data events") == []


def test_a_word_excluded_with_a_minus_is_left_out(programme):
    assert "Digital Communications" in found("comms")
    assert "Digital Communications" not in found("comms -digital")


def test_plurals_and_singulars_match_each_other(programme):
    Community.objects.filter(slug="data-and-insight").update(description="One dashboard to rule.")

    assert found("dashboards") == ["Data and Insight"]
    assert found("event") == ["Events Management"]


def test_community_keywords_are_searched(programme):
    assert found("PPM") == ["Project and Programme Management"]
    assert found("WP") == ["Widening Participation"]


def test_a_query_of_only_little_words_finds_nothing(programme):
    assert found("the and of") == []
    assert found("") == []


def test_closed_communities_are_not_found_in_the_list(client, programme):
    Community.objects.filter(slug="events-management").update(status="closed")

    assert "Events Management" not in listed(client, "events")
    assert "No communities match these filters" in listed(client, "events")


def test_search_text_is_data_not_a_pattern(programme):
    for text in ["data.*", "(hr", "[a-z]+", "\\b", "100%", "'; drop table"]:
        found(text)  # must not raise


def test_a_name_match_ranks_above_a_summary_match(db):
    area = PracticeAreaFactory(name="Estates", slug="estates")
    in_summary = CommunityFactory(
        name="Alpha Works", practice_area=area, summary="People who plan budgets."
    )
    in_name = CommunityFactory(name="Budgets", practice_area=area, summary="Money.")

    assert found("budgets") == [in_name.name, in_summary.name]


def test_the_keyword_migration_fills_only_empty_keywords(db):
    hr = PracticeAreaFactory(name="Human Resources", slug="human-resources")
    comms = PracticeAreaFactory(
        name="Communications and Marketing", slug="communications-and-marketing", keywords="PR"
    )

    keyword_migration.set_keywords(apps, None)

    assert PracticeArea.objects.get(pk=hr.pk).keywords == "HR, people"
    assert PracticeArea.objects.get(pk=comms.pk).keywords == "PR"


def test_the_fixture_carries_the_same_keywords_as_the_migration(programme):
    areas = dict(PracticeArea.objects.values_list("slug", "keywords"))
    communities = dict(Community.objects.values_list("slug", "keywords"))

    for slug, keywords in keyword_migration.AREA_KEYWORDS.items():
        assert areas[slug] == keywords
    for slug, keywords in keyword_migration.COMMUNITY_KEYWORDS.items():
        assert communities[slug] == keywords


@pytest.mark.parametrize(
    ("word", "matches", "misses"),
    [
        ("hr", ["HR", "hr team", "(HR)"], ["through", "shrink", "hrs1"]),
        ("analytics", ["Analytics", "analytic", "web analytics."], ["analyticsx"]),
        ("community", ["communities", "Community"], ["communityx"]),
        ("events", ["event", "events"], ["eventful"]),
    ],
)
def test_whole_word_patterns(word, matches, misses):
    import re

    pattern = re.compile(search._word_pattern(word), re.IGNORECASE)
    for text in matches:
        assert pattern.search(text), f"{word!r} should match {text!r}"
    for text in misses:
        assert not pattern.search(text), f"{word!r} should not match {text!r}"
