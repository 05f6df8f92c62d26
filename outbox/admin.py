from django.contrib import admin, messages
from django.template.defaultfilters import truncatechars

from . import services
from .models import Email


@admin.register(Email)
class EmailAdmin(admin.ModelAdmin):
    """Every email the portal sent or will send, read-only; failed ones can be sent again.

    Change permission is what the resend action needs: the list honours it, but a row's own
    page is always read-only, because an email records what was sent.
    """

    list_display = [
        "status",
        "kind",
        "to_address",
        "subject",
        "attempts",
        "created_at",
        "sent_at",
        "short_error",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["to_address", "subject"]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]
    fields = [
        "status",
        "kind",
        "recipient",
        "to_address",
        "reply_to",
        "subject",
        "body_text",
        "body_html",
        "attachment_names",
        "attempts",
        "last_error",
        "created_at",
        "sent_at",
        "next_attempt_at",
        "claimed_until",
    ]
    readonly_fields = fields

    @admin.display(description="last error")
    def short_error(self, email: Email) -> str:
        return truncatechars(email.last_error, 80)

    @admin.display(description="attachments")
    def attachment_names(self, email: Email) -> str:
        return ", ".join(attachment["filename"] for attachment in email.attachments)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description="Resend selected failed emails", permissions=["change"])
    def resend_failed(self, request, queryset):
        count = services.resend(queryset)
        if count:
            self.message_user(request, f"{count} failed email(s) queued to send again.")
        else:
            self.message_user(
                request, "None of the selected emails had failed; nothing resent.", messages.WARNING
            )
