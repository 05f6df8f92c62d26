"""/find/ answers "which community fits me?" with ranked suggestions, each with its reasons in
words, computed from departments, members, sessions, projects and text. Anonymous visitors get
suggestions too, without the department signals."""

import pytest

from communities.models import Community
from ucl_cop.suggestions import Answers, suggest

from .activity_factories import ProjectFactory, SessionFactory
from .factories import InterestFactory, MembershipFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(programme):
    """The seed's communities with some life in them.

    Data and Insight: 3 core and 1 wider from Finance. Events Management: 1 wider from Finance.
    Internal Communications: 2 upcoming sessions and 12 wider members (Estates).
    Project and Programme Management: a project that needs a lead.
    """
    by_slug = {c.slug: c for c in Community.objects.all()}
    for _ in range(3):
        MembershipFactory(
            community=by_slug["data-and-insight"], kind="core", person__department="Finance"
        )
    MembershipFactory(community=by_slug["data-and-insight"], person__department="Finance")
    MembershipFactory(community=by_slug["events-management"], person__department="finance")
    internal = by_slug["internal-communications"]
    for _ in range(12):
        MembershipFactory(community=internal, person__department="Estates")
    SessionFactory(community=internal, title="Writing for the staff newsletter")
    SessionFactory(community=internal, title="Town halls that work")
    SessionFactory(community=internal, title="Held already", past=True)
    ProjectFactory(community=by_slug["project-and-programme-management"], lead=None)
    return by_slug


def names(suggestions) -> list[str]:
    return [s.community.name for s in suggestions]


def reasons_of(suggestions, name: str) -> tuple[str, ...]:
    return next(s.reasons for s in suggestions if s.community.name == name)


def test_a_finance_data_analyst_is_pointed_to_data_and_insight_with_reasons(scene):
    priya = PersonFactory(department="Finance", job_title="Data analyst")

    suggestions = suggest(
        Answers(department="Finance", job_title="Data analyst"), person=priya, limit=5
    )

    assert names(suggestions)[:2] == ["Data and Insight", "Events Management"]
    assert reasons_of(suggestions, "Data and Insight") == (
        "Matches what you do: “data”",
        "3 people in your department are core members here",
        "1 person in your department is a wider member here",
    )
    # Departments match whatever their case.
    assert reasons_of(suggestions, "Events Management") == (
        "1 person in your department is a wider member here",
    )


def test_anonymous_visitors_get_no_department_signals(scene):
    suggestions = suggest(Answers(department="Finance", job_title="Data analyst"))

    assert names(suggestions) == ["Data and Insight"]
    assert reasons_of(suggestions, "Data and Insight") == ("Matches what you do: “data”",)


def test_topics_weigh_more_than_what_you_do(scene):
    suggestions = suggest(Answers(job_title="Data analyst", topics="events"))

    assert names(suggestions) == ["Events Management", "Data and Insight"]
    assert reasons_of(suggestions, "Events Management") == ("Matches “events”",)


def test_learning_favours_communities_with_sessions_and_wider_members(scene):
    suggestions = suggest(Answers(wants=frozenset({"learn"})))

    assert names(suggestions)[0] == "Internal Communications"
    assert reasons_of(suggestions, "Internal Communications") == (
        "2 sessions coming up",
        "12 wider members to learn from",
    )


def test_meeting_peers_favours_many_wider_members(scene):
    suggestions = suggest(Answers(wants=frozenset({"meet"})))

    assert names(suggestions)[0] == "Internal Communications"
    assert "12 wider members to meet" in reasons_of(suggestions, "Internal Communications")


def test_leading_favours_where_you_could_be_core_and_a_project_needs_a_lead(scene):
    suggestions = suggest(
        Answers(job_title="Senior Project Manager", wants=frozenset({"lead"})), limit=3
    )

    assert names(suggestions)[0] == "Project and Programme Management"
    assert reasons_of(suggestions, "Project and Programme Management") == (
        "Matches what you do: “project”",
        "Your work fits it, so you could be a core member: core members lead projects and "
        "share what they know",
        "1 project here needs a lead",
    )


def test_sharing_favours_where_colleagues_of_your_department_are_core(scene):
    sam = PersonFactory(department="Finance", job_title="Accountant")

    suggestions = suggest(
        Answers(department="Finance", job_title="Accountant", wants=frozenset({"share"})),
        person=sam,
    )

    assert names(suggestions)[0] == "Data and Insight"
    assert any("could be a core member" in r for r in reasons_of(suggestions, "Data and Insight"))
    assert not any(
        "could be a core member" in r for r in reasons_of(suggestions, "Events Management")
    )


def test_preparing_communities_say_how_to_take_part(scene):
    suggestions = suggest(Answers(topics="participation"))

    assert names(suggestions) == ["Widening Participation"]
    assert reasons_of(suggestions, "Widening Participation") == (
        "Matches “participation”",
        "Preparations underway: register your interest to hear when it launches",
    )


def test_my_own_communities_and_interests_are_not_suggested(scene):
    priya = PersonFactory(department="Finance", job_title="Data analyst")
    MembershipFactory(person=priya, community=scene["data-and-insight"], kind="core")
    InterestFactory(person=priya, community=scene["widening-participation"])

    suggestions = suggest(
        Answers(department="Finance", job_title="data", topics="participation"), person=priya
    )

    assert "Data and Insight" not in names(suggestions)
    assert "Widening Participation" not in names(suggestions)


def test_closed_communities_are_never_suggested(scene):
    Community.objects.filter(slug="events-management").update(status="closed")

    assert suggest(Answers(topics="events")) == []


def test_suggestions_are_deterministic_and_ties_go_by_name(scene):
    answers = Answers(topics="comms")

    first, second = suggest(answers), suggest(answers)

    # All four match "comms" (their practice area's keyword) equally, so they go by name.
    assert names(first) == names(second)
    assert names(first) == [
        "Digital Communications",
        "Events Management",
        "Internal Communications",
        "Student Recruitment",
    ]
    assert [s.score for s in first] == [10, 10, 10, 10]


def test_nothing_in_common_suggests_nothing(scene):
    assert suggest(Answers(job_title="Astronaut", topics="rockets")) == []


# The page -------------------------------------------------------------------------------------


def test_the_form_is_empty_for_visitors_and_prefilled_for_staff(client, client_for, scene):
    priya = PersonFactory(department="Finance", job_title="Data analyst")

    anonymous = client.get("/find/").text
    signed_in = client_for(priya).get("/find/").text

    assert 'name="department"' in anonymous
    assert 'value="Finance"' not in anonymous
    assert 'name="department" value="Finance"' in signed_in
    assert 'value="Data analyst"' in signed_in
    assert "Why it may suit you" not in signed_in  # nothing is suggested before the form is sent


def test_answers_show_ranked_suggestions_with_reasons(client, scene):
    response = client.get(
        "/find/", {"job_title": "Data analyst", "topics": "events", "wants": ["learn"]}
    )

    text = response.text
    assert response.status_code == 200
    assert "communities fit you" in text
    assert text.index("Events Management") < text.index("Data and Insight")
    assert "Matches “events”" in text
    assert "Matches what you do: “data”" in text
    assert "2 sessions coming up" in text
    assert "Sign in</a> to see where colleagues from your department are members." in text


def test_an_empty_answer_asks_for_something(client, scene):
    response = client.get("/find/", {"department": "", "job_title": "", "topics": ""})

    assert "Tell us a little first" in response.text


def test_an_unknown_want_is_explained(client, scene):
    response = client.get("/find/", {"wants": ["fame"]})

    assert response.status_code == 200
    assert "Select a valid choice" in response.text or "Choose from the list." in response.text


def test_no_match_offers_the_whole_list(client, scene):
    response = client.get("/find/", {"topics": "rockets"})

    assert "No community stands out yet" in response.text
    assert 'href="/communities/">Browse all communities' in response.text
