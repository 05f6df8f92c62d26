"""Which communities fit a person: ranked in one SQL query, each with its reasons in words.

Used by /find/ (with what the person tells us) and by the signed-in home page (with their
department and job title). Deterministic and explainable: every point of a community's score
comes from a signal that is also shown as a reason, and ties go by name. No external service.

The signals, and what they are worth:
- a topic the person gave is a word of the community (its name, practice area, keywords,
  summary or description): 10 a word; a word of their department or job title: 6 a word;
- signed in, with a department: colleagues of that department who are core members (4 each,
  up to 5) or wider members (1 each, up to 5). Anonymous visitors get no department signals,
  since counts by department are about named colleagues;
- "learn": upcoming sessions (3 each, up to 5) and wider members (1 per 10, up to 5);
- "meet": wider members (1 per 5, up to 10) and upcoming sessions (2 each, up to 5);
- "lead" and "share": a launched community where the person could be core, by the criteria's
  "professional identity" (what they do matches it, or colleagues of their department are core
  there): 8; "lead" also counts projects that need a lead (4 each, up to 3).
"""

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least

from activities.models import Project, Session
from communities import search
from communities.models import Community
from membership.models import Interest, Membership, Person

WANTS = {
    "learn": "Learn from others",
    "share": "Share what I know",
    "lead": "Lead a project",
    "meet": "Meet peers",
}
MAX_TOPIC_WORDS = 5
MAX_WORK_WORDS = 6
# Words of job titles that say a grade or a role, not a practice ("Senior Officer").
_JOB_FILLER = (
    "administrator adviser advisor assistant associate coordinator deputy department dept "
    "director executive head junior lead management manager office officer principal senior "
    "specialist staff team ucl"
)
JOB_FILLER = frozenset(_JOB_FILLER.split())


@dataclass(frozen=True)
class Answers:
    """What a person told /find/ (or what their profile says)."""

    department: str = ""
    job_title: str = ""
    wants: frozenset[str] = frozenset()
    topics: str = ""

    @property
    def topic_words(self) -> list[str]:
        return search.words(self.topics)[:MAX_TOPIC_WORDS]

    @property
    def work_words(self) -> list[str]:
        topics = set(self.topic_words)
        found = search.words(f"{self.department} {self.job_title}")
        return [w for w in found if w not in JOB_FILLER and w not in topics][:MAX_WORK_WORDS]

    @property
    def is_empty(self) -> bool:
        return not (self.department.strip() or self.job_title.strip() or self.wants or self.topics)


@dataclass(frozen=True)
class Suggestion:
    community: Community
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


def _count(queryset: QuerySet) -> Coalesce:
    counts = queryset.order_by().values("community").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def _capped(name: str, cap: int):
    return Least(name, Value(cap))


def _matched(condition) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def suggest(answers: Answers, *, person: Person | None = None, limit: int = 5) -> list[Suggestion]:
    """The communities that fit `answers` best, with reasons; none that the person already
    belongs to or has registered interest in, and none closed. Only communities with at least
    one signal are suggested."""
    signed_in = person is not None and person.is_authenticated
    communities = (
        Community.objects.visible()
        .select_related("practice_area")
        .annotate(
            upcoming_count=_count(Session.objects.upcoming().filter(community=OuterRef("pk"))),
            lead_wanted_count=_count(
                Project.objects.needing_a_lead().filter(community=OuterRef("pk"))
            ),
        )
    )
    if signed_in:
        communities = communities.exclude(
            Exists(Membership.objects.active().filter(person=person, community=OuterRef("pk")))
        ).exclude(Exists(Interest.objects.filter(person=person, community=OuterRef("pk"))))

    score = Value(0)
    topic_words, work_words = answers.topic_words, answers.work_words
    for i, word in enumerate(topic_words):
        communities = communities.annotate(**{f"topic_{i}": _matched(search.word_condition(word))})
        score = score + 10 * F(f"topic_{i}")
    for i, word in enumerate(work_words):
        communities = communities.annotate(**{f"work_{i}": _matched(search.word_condition(word))})
        score = score + 6 * F(f"work_{i}")

    department = answers.department.strip()
    use_department = signed_in and bool(department)
    if use_department:
        colleagues = Membership.objects.active().filter(
            community=OuterRef("pk"), person__department__iexact=department
        )
        communities = communities.annotate(
            department_core=_count(colleagues.filter(kind=Membership.Kind.CORE)),
            department_wider=_count(colleagues.filter(kind=Membership.Kind.WIDER)),
        )
        score = score + 4 * _capped("department_core", 5) + _capped("department_wider", 5)

    # "Could be core": the criteria's professional identity, as far as the portal can tell.
    fits = [Q(**{f"work_{i}": 1}) for i in range(len(work_words))]
    if use_department:
        fits.append(Q(department_core__gt=0))
    communities = communities.annotate(
        could_be_core=_matched(Q(status=Community.Status.LAUNCHED) & reduce(or_, fits))
        if fits
        else Value(0, output_field=IntegerField())
    )

    wants = answers.wants
    if "learn" in wants:
        score = score + 3 * _capped("upcoming_count", 5) + _capped("wider_count", 50) / 10
    if "meet" in wants:
        score = score + _capped("wider_count", 50) / 5 + 2 * _capped("upcoming_count", 5)
    if "lead" in wants:
        score = score + 8 * F("could_be_core") + 4 * _capped("lead_wanted_count", 3)
    if "share" in wants:
        score = score + 8 * F("could_be_core")

    ranked = (
        communities.annotate(fit_score=score)
        .filter(fit_score__gt=0)
        .order_by("-fit_score", "name", "pk")[:limit]
    )
    return [
        Suggestion(
            community=community,
            score=community.fit_score,
            reasons=tuple(_reasons(community, answers, topic_words, work_words, use_department)),
        )
        for community in ranked
    ]


def _quoted(words: list[str]) -> str:
    quoted = [f"“{word}”" for word in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _reasons(community, answers, topic_words, work_words, use_department) -> list[str]:
    """The signals behind a community's score, in words, strongest first."""
    reasons = []
    topics = [w for i, w in enumerate(topic_words) if getattr(community, f"topic_{i}")]
    if topics:
        reasons.append(f"Matches {_quoted(topics)}")
    work = [w for i, w in enumerate(work_words) if getattr(community, f"work_{i}")]
    if work:
        reasons.append(f"Matches what you do: {_quoted(work)}")
    if use_department:
        for n, kind in ((community.department_core, "core"), (community.department_wider, "wider")):
            if n:
                reasons.append(
                    _plural(n, "person", "people")
                    + " in your department "
                    + (f"is a {kind} member here" if n == 1 else f"are {kind} members here")
                )
    wants = answers.wants
    if community.could_be_core and wants & {"lead", "share"}:
        reasons.append(
            "Your work fits it, so you could be a core member: core members lead projects "
            "and share what they know"
        )
    if "lead" in wants and community.lead_wanted_count:
        n = community.lead_wanted_count
        reasons.append(_plural(n, "project here needs", "projects here need") + " a lead")
    if wants & {"learn", "meet"}:
        if community.upcoming_count:
            reasons.append(_plural(community.upcoming_count, "session", "sessions") + " coming up")
        # Wider members count for "learn" from 10 and for "meet" from 5 (see the scores), and
        # a reason is given only for what scored.
        purposes = [
            purpose
            for want, purpose, least in (("learn", "learn from", 10), ("meet", "meet", 5))
            if want in wants and community.wider_count >= least
        ]
        if purposes:
            reasons.append(
                _plural(community.wider_count, "wider member", "wider members")
                + " to "
                + " and ".join(purposes)
            )
    if community.status == Community.Status.PREPARING:
        reasons.append("Preparations underway: register your interest to hear when it launches")
    return reasons
