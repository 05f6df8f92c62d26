"""Sessions, RSVPs and announcements in the admin, for the Head of CoPs to see.

Everything here is read-only: every change goes through `activities.services`, which checks who
may make it, keeps capacity and the waiting list right, and tells the people concerned. The one
write the admin offers, cancelling sessions, is an action that calls `services.cancel_session`.
Sessions are scheduled and edited on the site, and announcements posted from the community page.
"""

from django.contrib import admin, messages
from django.db.models import QuerySet

from .. import services
from ..models import Announcement, Rsvp, Session
from .common import ReadOnlyAdmin, plural


class RsvpInline(admin.TabularInline):
    model = Rsvp
    fields = ["person", "status", "created_at", "attended", "reminded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["status", "created_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    """Sessions with their RSVPs counted; selected sessions can be cancelled (everyone is told)."""

    list_display = ["title", "community", "starts_at", "status", "host", "going", "waiting"]
    list_filter = ["status", "community"]
    list_select_related = ["community", "host"]
    search_fields = ["title", "community__name"]
    date_hierarchy = "starts_at"
    ordering = ["-starts_at", "-pk"]
    actions = ["cancel_selected"]
    inlines = [RsvpInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_rsvp_counts()

    @admin.display(description="going", ordering="going_count")
    def going(self, session: Session) -> int:
        return session.going_count

    @admin.display(description="waiting", ordering="waiting_count")
    def waiting(self, session: Session) -> int:
        return session.waiting_count

    @admin.action(description="Cancel selected sessions", permissions=["change"])
    def cancel_selected(self, request, queryset: QuerySet[Session]):
        """Cancel each scheduled session with `services.cancel_session`, which emails everyone
        going or waiting; sessions already cancelled are left as they are."""
        already = queryset.filter(status=Session.Status.CANCELLED).count()
        cancelled = told = 0
        for session in queryset.filter(status=Session.Status.SCHEDULED).order_by("starts_at"):
            try:
                told += services.cancel_session(session=session, by=request.user)
                cancelled += 1
            except services.ActivityError as error:
                self.message_user(
                    request, f"“{session}” not cancelled: {error.message}", messages.ERROR
                )
        if cancelled:
            self.message_user(
                request,
                f"Cancelled {plural(cancelled, 'session')}; "
                f"{plural(told, 'person', 'people')} told.",
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                f"{plural(already, 'session')} {'was' if already == 1 else 'were'} already "
                "cancelled; nothing changed.",
                messages.INFO,
            )


@admin.register(Rsvp)
class RsvpAdmin(ReadOnlyAdmin):
    list_display = ["person", "session", "status", "attended", "created_at"]
    list_filter = ["status", "attended", "session__community"]
    list_select_related = ["person", "session"]
    search_fields = ["person__full_name", "person__email", "session__title"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]


@admin.register(Announcement)
class AnnouncementAdmin(ReadOnlyAdmin):
    """Announcements as posted; the Head posts new ones from the community page."""

    list_display = ["subject", "community", "author", "audience", "created_at"]
    list_filter = ["audience", "community"]
    list_select_related = ["community", "author"]
    search_fields = ["subject", "community__name"]
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False
