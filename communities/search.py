"""Text search that matches what people type: whole words, weighted by where they appear.

On PostgreSQL it is full-text search (`websearch_to_tsquery` in English, so "planning" finds
"Planning" and "plans", and quoted phrases or `-word` work as people expect), ranked with the
fields' weights, plus trigram word similarity over the short fields, so a typo ("planing")
still finds its match. On SQLite it is whole-word matching: each word of the query must appear
as a word (or its plural or singular) in one of the fields, so "HR" never matches "through";
`-word` excludes there too, and quotes are ignored.

No text search maps an acronym onto words; that is what the `keywords` fields are for ("HR"
for Human Resources), and they are searched like the rest.

`search(queryset, text, fields)` filters any queryset this way and annotates `search_score`
(higher is better) without reordering it; `ranked()` orders by it. `communities()` applies it
to the catalogue with the community's weights. `word_condition()` is the one-word test that
/find/ uses to explain which of a person's words a community matched.
"""

import re
from dataclasses import dataclass
from functools import reduce
from operator import add, or_

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorExact,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest

# PostgreSQL's English configuration drops these too; SQLite drops them here, so a query of
# "data and insight" needs "data" and "insight", not "and", on both databases.
_STOP_WORDS = (
    "a about an and are as at be by for from has have how i in into is it its of on or "
    "our so that the their them they this to was we what when where which who why will "
    "with you your"
)
STOP_WORDS = frozenset(_STOP_WORDS.split())
MAX_WORDS = 8
# Word similarity (0 to 1) above which a typo still counts as a match: pg_trgm's default
# `word_similarity_threshold`. "planing" is 0.7 of "Planning"; "hr" shares nothing with "through".
TYPO_SIMILARITY = 0.6
# SQLite's score for a word found in a field of weight A, B, C or D (PostgreSQL's own
# `ts_rank` weights are 1.0, 0.4, 0.2 and 0.1, in the same order).
WORD_POINTS = {"A": 8, "B": 4, "C": 2, "D": 1}


@dataclass(frozen=True)
class Fields:
    """Where to search, by weight: A (most telling, such as a name) to D (long text).

    `typo_fields` are the short ones compared by trigram similarity on PostgreSQL.
    """

    weighted: dict[str, tuple[str, ...]]
    typo_fields: tuple[str, ...] = ()

    @property
    def all(self) -> tuple[str, ...]:
        return tuple(field for fields in self.weighted.values() for field in fields)


COMMUNITY_FIELDS = Fields(
    weighted={
        "A": ("name",),
        "B": ("practice_area__name", "practice_area__keywords"),
        "C": ("summary", "keywords"),
        "D": ("description",),
    },
    typo_fields=("name", "practice_area__name", "practice_area__keywords", "keywords"),
)


def words(text: str) -> list[str]:
    """The query's words, lower-case, without stop words, repeats or `-excluded` words, at
    most MAX_WORDS."""
    return _terms(text)[0]


def _terms(text: str) -> tuple[list[str], list[str]]:
    """The words a match needs, and the words written `-word` that it must not have (as in
    a web search)."""
    wanted: list[str] = []
    unwanted: list[str] = []
    # A minus counts only at the start of a word ("under-represented" is two wanted words).
    for minus, word in re.findall(r"(?:(?<![\w-])(-))?(\w+)", text.lower()):
        found = unwanted if minus else wanted
        if word in STOP_WORDS or word in found or (len(word) < 2 and not word.isdigit()):
            continue
        found.append(word)
    return wanted[:MAX_WORDS], unwanted[:MAX_WORDS]


def on_postgres(using: str = "default") -> bool:
    return connections[using].vendor == "postgresql"


def search(queryset: QuerySet, text: str, fields: Fields) -> QuerySet:
    """Rows of `queryset` that match `text`, annotated with `search_score`; order unchanged.

    A query with no words (empty, or only stop words) matches nothing.
    """
    if not words(text):
        return queryset.none().annotate(search_score=Value(0))
    if on_postgres(queryset.db):
        return _postgres_search(queryset, text, fields)
    return _word_search(queryset, text, fields)


def ranked(queryset: QuerySet, *tie_breakers: str) -> QuerySet:
    """Best match first; equal scores in the order of `tie_breakers` (then by primary key)."""
    return queryset.order_by("-search_score", *tie_breakers, "pk")


def communities(queryset: QuerySet, text: str) -> QuerySet:
    """The communities of `queryset` whose name, practice area, keywords, summary or
    description match `text`, annotated with `search_score`."""
    return search(queryset, text, COMMUNITY_FIELDS)


def word_condition(word: str, fields: Fields = COMMUNITY_FIELDS):
    """A condition (for `filter()` or `When()`) that is true where `word` is in `fields`:
    an English word match on PostgreSQL (stemmed: "manager" meets "management"), a whole
    word, plural or singular, on SQLite."""
    if on_postgres():
        return SearchVectorExact(
            _vector(fields), SearchQuery(word, search_type="plain", config="english")
        )
    pattern = _word_pattern(word)
    return reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in fields.all))


# PostgreSQL -----------------------------------------------------------------------------------


def _vector(fields: Fields):
    return reduce(
        add,
        (
            SearchVector(*names, weight=weight, config="english")
            for weight, names in fields.weighted.items()
        ),
    )


def _postgres_search(queryset: QuerySet, text: str, fields: Fields) -> QuerySet:
    query = SearchQuery(text, search_type="websearch", config="english")
    vector = _vector(fields)
    # Typos are looked for among the wanted words only: "data -insight" is not a typo of
    # "Data and Insight".
    wanted = " ".join(words(text))
    similarities = [TrigramWordSimilarity(Value(wanted), F(field)) for field in fields.typo_fields]
    similarity = (
        Value(0.0)
        if not similarities
        else similarities[0]
        if len(similarities) == 1
        else Greatest(*similarities)
    )
    queryset = queryset.annotate(
        search_rank=SearchRank(vector, query),
        search_similarity=Cast(similarity, FloatField()),
    )
    # The `%>` operator (trigram_word_similar) uses pg_trgm's threshold, the same 0.6, and
    # the GIN trigram indexes of migration 0005.
    typo = reduce(
        or_, (Q(**{f"{field}__trigram_word_similar": wanted}) for field in fields.typo_fields), Q()
    )
    unwanted = _terms(text)[1]
    if unwanted and fields.typo_fields:
        # "comms -digital": a near miss of "comms" is still no match if it says "digital".
        excluded = reduce(
            or_, (SearchQuery(word, search_type="plain", config="english") for word in unwanted)
        )
        typo &= ~Q(SearchVectorExact(vector, excluded))
    # Every real word match ranks above every near miss (1 + rank against at most 0.5), so
    # "planing" lists a community that really says "planing" before Planning's communities.
    matched = SearchVectorExact(vector, query)
    return queryset.filter(Q(matched) | typo).annotate(
        search_score=Case(
            When(matched, then=Value(1.0) + F("search_rank")),
            default=F("search_similarity") * 0.5,
            output_field=FloatField(),
        )
    )


# SQLite ---------------------------------------------------------------------------------------


def _variants(word: str) -> set[str]:
    """The word with its simple English plural or singular, so "analytics" finds "analytic"
    and "community" finds "communities"."""
    variants = {word}
    if len(word) > 4 and word.endswith("ies"):
        variants.add(word[:-3] + "y")
    elif len(word) > 3 and word.endswith("es"):
        variants.update({word[:-2], word[:-1]})
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        variants.add(word[:-1])
    else:
        variants.update({word + "s", word + "es"})
        if word.endswith("y") and len(word) > 2:
            variants.add(word[:-1] + "ies")
    return variants


def _word_pattern(word: str) -> str:
    alternatives = "|".join(re.escape(variant) for variant in sorted(_variants(word)))
    return rf"\b(?:{alternatives})\b"


def _word_search(queryset: QuerySet, text: str, fields: Fields) -> QuerySet:
    wanted, unwanted = _terms(text)
    for word in unwanted:
        pattern = _word_pattern(word)
        queryset = queryset.exclude(
            reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in fields.all))
        )
    score = Value(0)
    for word in wanted:
        pattern = _word_pattern(word)
        queryset = queryset.filter(
            reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in fields.all))
        )
        # Each word scores the weight of the best field it is found in.
        score = score + Case(
            *(
                When(
                    reduce(or_, (Q(**{f"{field}__iregex": pattern}) for field in names)),
                    then=Value(WORD_POINTS[weight]),
                )
                for weight, names in fields.weighted.items()
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
    return queryset.annotate(search_score=score)
