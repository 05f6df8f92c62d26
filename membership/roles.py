"""A person's roles in the programme: in the Head's group, and which practice areas they sponsor.

Every signed-in page asks (the Reports link, "may I edit this page?", the admin's door), so the
answer is read once per request: from the shared cache under the person's version
(`person_cache`), else from the database in one query. Every role change (the group, a sponsor,
the person's own row) makes the cache forget it after commit (`forget_people`), so a revoked
role takes effect on the person's next request, in every worker.

Like Django's own permission cache, a Person object remembers its roles once read, for the rest
of its life (a request's user lives for one request); a change made through that object, and
`refresh_from_db()`, make it forget them.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Exists, OuterRef

from . import person_cache
from .models import HEAD_OF_COPS_GROUP, Person

MEMO = "_roles"


@dataclass(frozen=True)
class Roles:
    """What a person is in the programme, besides a member. Superusers are told by their flag."""

    in_head_group: bool  # the "CoP administrators" group: the Head of CoPs and her team
    sponsored_area_ids: frozenset[int]

    @property
    def sponsors_an_area(self) -> bool:
        return bool(self.sponsored_area_ids)


NO_ROLES = Roles(in_head_group=False, sponsored_area_ids=frozenset())


def read_roles(person_id: int) -> Roles:
    """The person's roles as the database has them now: one query (a row per sponsored area)."""
    rows = list(
        Person.objects.filter(pk=person_id)
        .annotate(
            in_head_group=Exists(Group.objects.filter(name=HEAD_OF_COPS_GROUP, user=OuterRef("pk")))
        )
        .values_list("in_head_group", "sponsored_areas__pk")
    )
    if not rows:
        return NO_ROLES
    return Roles(
        in_head_group=rows[0][0],
        sponsored_area_ids=frozenset(area for _, area in rows if area is not None),
    )


def roles_of(person) -> Roles:
    """The roles of `person` (anyone: anonymous visitors and unsaved people have none)."""
    if person is None or not getattr(person, "is_authenticated", False) or person.pk is None:
        return NO_ROLES
    # getattr and setattr, not the object's __dict__: request.user is a lazy object that hands
    # both on to the Person inside it.
    remembered = getattr(person, MEMO, None)
    if remembered is not None:
        return remembered
    roles = _cached_roles(person) if person_cache.in_use() else read_roles(person.pk)
    setattr(person, MEMO, roles)
    return roles


def _cached_roles(person) -> Roles:
    # The version the session's user was read under (accounts.backends), else the current one;
    # either way taken before the database is read.
    version = getattr(person, person_cache.VERSION_MEMO, None) or person_cache.version(person.pk)
    key = person_cache.entry_key("roles", person.pk, version)
    stored = cache.get(key)
    if stored is not None:
        in_head_group, area_ids = stored
        return Roles(in_head_group=in_head_group, sponsored_area_ids=frozenset(area_ids))
    roles = read_roles(person.pk)
    cache.set(
        key,
        (roles.in_head_group, tuple(sorted(roles.sponsored_area_ids))),
        timeout=person_cache.ENTRY_TIMEOUT,
    )
    return roles


def forget_remembered(person) -> None:
    """Make a Person object forget the roles it remembers: they have just changed."""
    if person is not None and hasattr(person, MEMO):
        delattr(person, MEMO)
