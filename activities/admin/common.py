"""What the activities' admin pages share: rows to read, and counts in words."""

from django.contrib import admin


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """“1 session”, “2 sessions”; “1 person”, “3 people”."""
    return f"{count} {noun if count == 1 else nouns or noun + 's'}"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows to read: no adding, no deleting, and every field read-only.

    Change permission, where granted, is what the list's actions need; a row's own page stays
    read-only whoever looks, because the services are the only writers.
    """

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + list(self.readonly_fields)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
