"""The admin lists' filters: who has signed in, which memberships are active, who was told."""

from django.contrib import admin


class SignedInFilter(admin.SimpleListFilter):
    title = "signed in"
    parameter_name = "signed_in"

    def lookups(self, request, model_admin):
        return [("yes", "Has signed in"), ("never", "Never signed in")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(last_login__isnull=False)
        if self.value() == "never":
            return queryset.filter(last_login__isnull=True)
        return queryset


class ActiveFilter(admin.SimpleListFilter):
    """Active memberships unless asked otherwise: ended ones are history."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", "Active"), ("ended", "Ended"), ("all", "All")]

    def effective(self) -> str:
        return self.value() or "active"

    def queryset(self, request, queryset):
        match self.effective():
            case "active":
                return queryset.active()
            case "ended":
                return queryset.filter(ended_at__isnull=False)
        return queryset

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.effective() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


class NotifiedFilter(admin.SimpleListFilter):
    title = "launch notice"
    parameter_name = "notice"

    def lookups(self, request, model_admin):
        return [("pending", "Not yet sent"), ("sent", "Sent")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(notified_at__isnull=True)
        if self.value() == "sent":
            return queryset.filter(notified_at__isnull=False)
        return queryset
