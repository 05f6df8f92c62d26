"""People's names as the reports show them, worked out in SQL."""

from django.db.models import CharField, Value
from django.db.models.functions import Coalesce, NullIf


def person_name(relation: str) -> Coalesce:
    """A person's name in SQL, falling back to their address when no name is recorded."""
    return Coalesce(
        NullIf(f"{relation}__full_name", Value("")),
        f"{relation}__email",
        output_field=CharField(),
    )
