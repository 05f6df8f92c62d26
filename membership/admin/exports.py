"""CSV downloads for the Head of CoPs, written by the portal's one CSV writer.

`ucl_cop.csv_export` escapes every cell, so a department typed as `=cmd()` comes out as text
rather than a formula. django-import-export's own export is not used: it only strips a leading
"=".
"""

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from ucl_cop.csv_export import csv_response

from ..models import Membership, Person

PEOPLE_HEADER = ["name", "email", "department", "job title", "date joined"]
MEMBERSHIPS_HEADER = [
    "person",
    "email",
    "community",
    "practice area",
    "kind",
    "lead",
    "joined",
    "ended",
]


def _stamp() -> str:
    return timezone.localdate().isoformat()


def people_csv(people: QuerySet[Person]) -> StreamingHttpResponse:
    """People's names, addresses, departments, job titles and when they were added."""
    rows = (
        people.order_by("full_name", "email")
        .values_list("full_name", "email", "department", "job_title", "date_joined")
        .iterator(chunk_size=2000)
    )
    return csv_response(f"people-{_stamp()}.csv", PEOPLE_HEADER, rows)


def memberships_csv(memberships: QuerySet[Membership], *, scope: str) -> StreamingHttpResponse:
    """One line per membership, with its dates; `scope` names the file (active, all, selected)."""
    kinds = dict(Membership.Kind.choices)
    rows = (
        (person, email, community, area, kinds.get(kind, kind), is_lead, joined, ended)
        for person, email, community, area, kind, is_lead, joined, ended in memberships.order_by(
            "community__name", "person__full_name", "joined_at"
        )
        .values_list(
            "person__full_name",
            "person__email",
            "community__name",
            "community__practice_area__name",
            "kind",
            "is_lead",
            "joined_at",
            "ended_at",
        )
        .iterator(chunk_size=2000)
    )
    return csv_response(f"memberships-{scope}-{_stamp()}.csv", MEMBERSHIPS_HEADER, rows)
