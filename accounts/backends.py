"""Signing in with an email and password, and the session's user read from the shared cache.

`PersonBackend` is Django's ModelBackend (passwords, `is_active`, permissions) with one change:
with a shared cache (`settings.SHARED_CACHE`, Redis), the user a session names is read from the
cache, not the database, on every signed-in request. The entry lives under the person's version
(membership.person_cache), which every change to the person replaces after commit: a save, a
deletion, `Person.objects.update()` (deactivation, imports, anonymising), a new password, their
groups. So:
- a deactivated account is signed out on its next request (the row is read again, and Django
  refuses an inactive user);
- a new password signs out the other sessions: Django still checks the session's hash against
  the password of the user read here, and that user is read again after the change.

The entry holds the model's field values only, never the object: whatever a request attaches to
its user (remembered roles, permissions) stays with that request. The values include the
password's hash, which Django checks each session against; Redis is private to the app.

Without a shared cache the user is read from the database, as ModelBackend does: a per-process
cache would keep a user alive in the other workers after a change.
"""

from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import router

from membership import person_cache


def _fields():
    return get_user_model()._meta.concrete_fields


class PersonBackend(ModelBackend):
    """ModelBackend whose `get_user` reads the shared cache first (see the module)."""

    def get_user(self, user_id):
        if not person_cache.in_use():
            return super().get_user(user_id)
        # The version first, then the database: see membership.person_cache.
        version = person_cache.version(user_id)
        key = person_cache.entry_key("user", user_id, version)
        user = self._from_entry(cache.get(key))
        if user is None:
            user = super().get_user(user_id)
            if user is None:
                return None  # unknown or inactive: nothing is cached, so nothing lingers
            cache.set(key, self._entry(user), timeout=person_cache.ENTRY_TIMEOUT)
        elif not self.user_can_authenticate(user):
            return None
        setattr(user, person_cache.VERSION_MEMO, version)
        return user

    async def aget_user(self, user_id):
        return await sync_to_async(self.get_user)(user_id)

    @staticmethod
    def _entry(user) -> tuple[tuple[str, ...], tuple]:
        fields = _fields()
        return (
            tuple(field.attname for field in fields),
            tuple(getattr(user, field.attname) for field in fields),
        )

    @staticmethod
    def _from_entry(entry):
        if entry is None:
            return None
        names, values = entry
        fields = _fields()
        if names != tuple(field.attname for field in fields):
            return None  # written before the model changed (a deploy): read the row again
        model = get_user_model()
        return model.from_db(router.db_for_read(model), list(names), list(values))
