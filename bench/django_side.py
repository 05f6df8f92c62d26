"""The benchmark's work inside Django: sign people in, count queries, tidy up after itself.

    python -m bench.django_side prepare <pool size>   # prints JSON
    python -m bench.django_side count < pages.json    # prints JSON
    python -m bench.django_side cleanup < state.json  # prints JSON

Run with the settings gunicorn runs with (bench.settings, the same secret key, database and
Redis), so the sessions written here are the ones the server reads, and the counts are the
server's. People are signed in by writing their sessions directly, as signing in would, so no
password is needed. Only public interfaces are used (the session engine from the settings, the
ORM, the test client), so this keeps working as caches are added underneath.
"""

import json
import secrets
import sys
import time
from importlib import import_module

import django

CSRF_ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def _password_backend() -> str:
    """The backend a password sign-in records in the session: the first that checks passwords
    (a ModelBackend), as the settings list them today."""
    from django.conf import settings
    from django.contrib.auth.backends import ModelBackend
    from django.utils.module_loading import import_string

    for path in settings.AUTHENTICATION_BACKENDS:
        if issubclass(import_string(path), ModelBackend):
            return path
    return settings.AUTHENTICATION_BACKENDS[-1]


def _sign_in(person) -> str:
    """A session for `person`, as signing in writes it; returns the session key."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = _password_backend()
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    try:  # Signing in stamps the session, so the next page need not write it again.
        from accounts.middleware import REFRESHED_AT

        store[REFRESHED_AT] = int(time.time())
    except ImportError:
        pass
    store.create()
    return store.session_key


def prepare(pool_size: int) -> dict:
    """Choose the pages' people and sign them in; choose and sign in the join/leave pool."""
    from django.contrib.auth.models import Group
    from django.db.models import Count
    from django.utils import timezone

    from communities.models import PracticeArea
    from membership.models import HEAD_OF_COPS_GROUP, Membership, Person
    from ucl_cop import demo

    active = Membership.objects.filter(ended_at__isnull=True, community__status="launched")
    busiest = (
        active.values("community_id", "community__slug")
        .annotate(members=Count("pk"))
        .order_by("-members", "community__slug")
        .first()
    )
    if busiest is None:
        raise SystemExit("No launched community has members: was seed_demo run?")
    community_id, slug = busiest["community_id"], busiest["community__slug"]
    # The member: a core member (not a lead) of the busiest community with the most memberships,
    # so /me/ has something in every section.
    here = active.filter(community_id=community_id, person__is_active=True)
    candidates = here.filter(kind="core", is_lead=False).values("person_id") or here.values(
        "person_id"
    )
    member_id = (
        active.filter(person_id__in=candidates)
        .values("person_id")
        .annotate(held=Count("pk"))
        .order_by("-held", "person_id")
        .values_list("person_id", flat=True)
        .first()
    )
    member = Person.objects.get(pk=member_id)
    sponsor = Person.objects.get(email=f"sponsor@{demo.DEMO_DOMAIN}")
    area = PracticeArea.objects.filter(sponsor=sponsor).order_by("slug").first()
    if area is None:
        raise SystemExit("The demo sponsor sponsors no practice area: was seed_demo run?")
    head = Person.objects.get(email=f"head@{demo.DEMO_DOMAIN}")
    if not Group.objects.filter(name=HEAD_OF_COPS_GROUP, user=head).exists():
        raise SystemExit("The demo Head is not in the Head of CoPs group: was seed_demo run?")
    # The pool: people with no membership here, each signed in with a CSRF token of their own.
    # The first is kept for counting the queries of a join and a leave in-process.
    pool = list(
        demo.synthetic_people_queryset()
        .filter(is_active=True)
        .exclude(pk__in=Membership.objects.filter(community_id=community_id).values("person_id"))
        .exclude(pk=member.pk)
        .order_by("pk")[: pool_size + 1]
    )
    if len(pool) < pool_size + 1:
        raise SystemExit(f"Only {len(pool)} people could join {slug}; {pool_size + 1} needed.")
    return {
        "started_at": timezone.now().isoformat(),
        "community": slug,
        "community_id": community_id,
        "community_members": busiest["members"],
        "area": area.slug,
        "member": {"id": member.pk, "session": _sign_in(member)},
        "sponsor": {"id": sponsor.pk, "session": _sign_in(sponsor)},
        "head": {"id": head.pk, "session": _sign_in(head)},
        "pool": [
            {
                "id": person.pk,
                "session": _sign_in(person),
                "csrf": "".join(secrets.choice(CSRF_ALLOWED) for _ in range(32)),
            }
            for person in pool
        ],
    }


def count(pages: list[dict]) -> dict:
    """Queries per page, from an empty cache (cold) and straight after (warm).

    Each page is {"name", "path", "session" (or null)}; a page with "join" and "leave" paths
    instead is the join and leave cycle, counted as the two requests together.
    """
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def client_for(session: str | None) -> Client:
        client = Client(HTTP_HOST="127.0.0.1")
        if session:
            client.cookies[settings.SESSION_COOKIE_NAME] = session
        return client

    def queries(client: Client, method: str, path: str, data=None) -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = getattr(client, method)(path, data)
        return len(captured), response.status_code

    def clear_caches() -> None:
        for alias in settings.CACHES:
            caches[alias].clear()

    results = {}
    for page in pages:
        client = client_for(page.get("session"))
        counted = {}
        for state in ("cold", "warm"):
            if state == "cold":
                clear_caches()
            if "join" in page:
                joined, join_status = queries(client, "post", page["join"], {"kind": "wider"})
                left, leave_status = queries(client, "post", page["leave"], {"confirm": "1"})
                counted[state] = joined + left
                statuses = {join_status, leave_status}
                ok = statuses == {302}
            else:
                counted[state], status = queries(client, "get", page["path"])
                statuses, ok = {status}, status == 200
            if not ok:
                raise SystemExit(f"{page['name']} answered {sorted(statuses)} in-process.")
        results[page["name"]] = counted
    return results


def cleanup(state: dict) -> dict:
    """Remove what the join and leave cycle wrote, and the benchmark's sessions.

    The memberships the cycle made are deleted: they never happened, and a reused database
    should hold what seed_demo made and nothing more. Those still active are first ended through
    the service, as leaving does, so every count kept beside them stays right; then the rows go
    in one SQL DELETE, as seed_demo's go, with their history.
    """
    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.db import connection, transaction

    from communities.models import Community
    from membership import services
    from membership.models import Membership

    pool = [person["id"] for person in state["pool"]]
    made = Membership.objects.filter(
        community_id=state["community_id"], person_id__in=pool, joined_at__gte=state["started_at"]
    )
    community = Community.objects.get(pk=state["community_id"])
    for membership in made.filter(ended_at__isnull=True).select_related("person"):
        services.leave(person=membership.person, community=community)
    with transaction.atomic():
        # A history row's `id` is the membership's; its own key is history_id.
        history = Membership.history.filter(id__in=made.values("pk"))
        history_rows = history.count()
        history.delete()
        ids = list(made.values_list("pk", flat=True))
        if ids:
            quote = connection.ops.quote_name
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {quote(Membership._meta.db_table)} WHERE id = ANY(%s)", [ids]
                )
    keys = [state[role]["session"] for role in ("member", "sponsor", "head")]
    keys += [person["session"] for person in state["pool"]]
    sessions = 0
    if settings.SESSION_ENGINE.endswith(("db", "cached_db")):
        sessions, _ = Session.objects.filter(session_key__in=keys).delete()
    return {"memberships": len(ids), "history_rows": history_rows, "sessions": sessions}


def main() -> None:
    django.setup()
    command = sys.argv[1]
    if command == "prepare":
        result = prepare(int(sys.argv[2]))
    elif command == "count":
        result = count(json.load(sys.stdin))
    elif command == "cleanup":
        result = cleanup(json.load(sys.stdin))
    else:
        raise SystemExit(f"Unknown command {command!r}: prepare, count or cleanup.")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
