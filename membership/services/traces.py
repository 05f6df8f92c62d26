"""The traces a person leaves outside the portal's own models, and how anonymising erases them.

Sign-in sessions, the admin's log, django-axes' sign-in attempts, the outbox, background task
records and import previews all name people by address, name or id, and none of them belongs to
an app that could listen for `person_anonymised`. `anonymise_person` calls `erase_traces` in its
transaction, with who the person was before: afterwards the database no longer knows.
"""

from dataclasses import dataclass
from importlib import import_module

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django_tasks_db.models import DBTaskResult

from outbox import services as outbox

from ..models import FORMER_MEMBER, Person

# A name shorter than this is not searched for in others' log entries: "Al" would match
# every "Alice" and take their records with it.
SHORTEST_NAME_SEARCHED = 3


@dataclass(frozen=True)
class FormerIdentity:
    """Who the person was before anonymising: what their traces are found by."""

    pk: int
    email: str
    full_name: str

    @property
    def words(self) -> tuple[str, ...]:
        """The address, and the name when it is long enough to search for safely."""
        name = self.full_name.strip()
        return (self.email, name) if len(name) >= SHORTEST_NAME_SEARCHED else (self.email,)


def erase_traces(former: FormerIdentity) -> dict[str, int]:
    """Delete or redact every trace of `former` outside the apps' models; counts by kind.

    Import previews are files, not rows: they are removed once the transaction commits.
    """
    transaction.on_commit(_remove_import_previews)
    return {
        "sessions": _end_sessions(former),
        "admin_log_entries": _forget_log_entries(former),
        "sign_in_attempts": _forget_sign_in_attempts(former),
        "emails": outbox.forget_person(
            person=Person(pk=former.pk),
            address=former.email,
            names=former.words[1:],
            instead=FORMER_MEMBER.lower(),
        ),
        "task_records": _forget_task_records(former),
    }


def _end_sessions(former: FormerIdentity) -> int:
    """Delete their sessions, whatever their age, and any other session that holds their
    address (a half-finished password reset, say). Sessions are signed blobs: each is decoded
    by the session engine to see whose it is."""
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    if not hasattr(store_class, "get_model_class"):
        # Cache-only sessions cannot be listed. Their passwords and addresses changed, so
        # Django refuses their sessions on the next request, and the cache forgets them.
        return 0
    decoder = store_class()
    address = former.email.lower()
    doomed = [
        key
        for key, data in store_class.get_model_class()
        .objects.values_list("session_key", "session_data")
        .iterator()
        if _belongs(decoder.decode(data), former.pk, address)
    ]
    for key in doomed:
        # Through the store, so cached_db sessions leave the cache as well as the table.
        store_class(session_key=key).delete()
    return len(doomed)


def _belongs(session: dict, pk: int, address: str) -> bool:
    return str(session.get(SESSION_KEY)) == str(pk) or address in str(session).lower()


def _forget_log_entries(former: FormerIdentity) -> int:
    """Delete the admin's log entries about them (their person record, and any other record
    whose description names them, such as "Ann Smith – core member of Data and Insight").
    Entries they made themselves stay: those name what they changed, not them."""
    about_them = Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(former.pk))
    for word in former.words:
        about_them |= Q(object_repr__icontains=word) | Q(change_message__icontains=word)
    deleted, _ = LogEntry.objects.filter(about_them).delete()
    return deleted


def _forget_sign_in_attempts(former: FormerIdentity) -> int:
    """django-axes' records of sign-ins under their address (failures, lockouts, and the
    access log if it is on). The records' own expiry rows go with them."""
    deleted = 0
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        named = Q(username__iexact=former.email)
        if model is AccessAttempt:
            named |= Q(get_data__icontains=former.email) | Q(post_data__icontains=former.email)
        deleted += model.objects.filter(named).delete()[1].get(model._meta.label, 0)
    return deleted


def _forget_task_records(former: FormerIdentity) -> int:
    """Background task records whose arguments or result hold their address (a password reset
    asked for it, say), finished or not: a reset for an address nobody has does nothing."""
    named = Q(args_kwargs__icontains=former.email) | Q(return_value__icontains=former.email)
    deleted, _ = DBTaskResult.objects.filter(named).delete()
    return deleted


def _remove_import_previews() -> None:
    # Any import waiting for the Head's confirmation may list them; she uploads it again. With
    # several app containers the previews wait in the shared cache instead, which cannot be
    # listed, and forgets them within the hour (IMPORT_PREVIEW_MAX_AGE).
    from ..admin.previews import remove_stale_previews

    remove_stale_previews(max_age=0)
