"""Yearly reconfirmation in the Head's admin: who is being asked, and recording an answer.

The reminders themselves are read-only (the daily command sends them); on the memberships list
she can see who awaits an answer or will be asked within a month, and record a confirmation a
member sent her some other way, through `services.confirm_core_membership`.
"""

from django.contrib import admin, messages
from django.utils import timezone

from .. import services
from ..models import Membership, Reconfirmation
from ..reconfirmation_models import add_months
from .words import plural


class ReconfirmationFilter(admin.SimpleListFilter):
    """Memberships by where they stand in the yearly reconfirmation."""

    title = "reconfirmation"
    parameter_name = "reconfirmation"

    def lookups(self, request, model_admin):
        return [("awaiting", "Awaiting an answer"), ("due", "To be asked in the next month")]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.active().awaiting_reconfirmation()
        if self.value() == "due":
            due = Membership.objects.reconfirmation_due(by=add_months(timezone.now(), 1))
            return queryset.filter(pk__in=due.values("pk"))
        return queryset


class RecordConfirmationAction:
    """A memberships admin mixin: the action that records a confirmation on someone's behalf."""

    @admin.action(description="Record that they confirmed core membership", permissions=["change"])
    def record_confirmation(self, request, queryset):
        confirmed = skipped = 0
        for membership in queryset.select_related("person", "community"):
            try:
                if services.confirm_core_membership(membership=membership):
                    confirmed += 1
                else:
                    skipped += 1
            except services.MembershipError as error:
                self.message_user(request, error.message, messages.ERROR)
        if confirmed:
            self.message_user(
                request,
                f"Recorded {plural(confirmed, 'confirmation')} of core membership: they will not "
                "be asked again for a year.",
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                f"{plural(skipped, 'membership')} left as they were: only active core "
                "memberships are confirmed.",
                messages.WARNING,
            )


class RoundFilter(admin.SimpleListFilter):
    title = "answer"
    parameter_name = "answer"

    def lookups(self, request, model_admin):
        return [(outcome.value or "awaiting", outcome.label) for outcome in Reconfirmation.Outcome]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(outcome="" if value == "awaiting" else value)


@admin.register(Reconfirmation)
class ReconfirmationAdmin(admin.ModelAdmin):
    """Every reconfirmation reminder sent, and how its round ended; read-only."""

    list_display = ["person", "community", "step", "sent_at", "outcome_label", "closed_at"]
    list_filter = [RoundFilter, "step"]
    search_fields = [
        "membership__person__full_name",
        "membership__person__email",
        "membership__community__name",
    ]
    list_select_related = ["membership__person", "membership__community"]
    date_hierarchy = "sent_at"
    fields = ["membership", "step", "round_started_at", "sent_at", "outcome", "closed_at"]
    readonly_fields = fields

    @admin.display(description="person", ordering="membership__person__full_name")
    def person(self, reminder: Reconfirmation) -> str:
        return str(reminder.membership.person)

    @admin.display(description="community", ordering="membership__community__name")
    def community(self, reminder: Reconfirmation) -> str:
        return str(reminder.membership.community)

    @admin.display(description="answer", ordering="outcome")
    def outcome_label(self, reminder: Reconfirmation) -> str:
        return reminder.get_outcome_display()

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
