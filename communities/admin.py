"""The catalogue in the Django admin: practice areas and the programme contact.

Communities are registered in `membership/admin/communities.py`: their admin launches and
closes them and appoints their leads through `membership.services`, and this app never imports
`membership`.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Count, Field
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_inputs import SearchableSelectsAdmin
from .models import PracticeArea, ProgrammeContact


class PlainWordsHistory(HistoricalRecordContextHelper):
    """Old and new values as the Head reads them: choice labels, yes or no, – for nothing."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and value is not None:
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if value is None or value == "":
            return "–"
        return super().prepare_delta_change_value(change, value)


def _require_id(field: Field, value: str) -> None:
    """404 for an address whose id the field could not hold (django-simple-history would
    filter on it as it is, and fail)."""
    try:
        field.to_python(unquote(value))
    except ValidationError:
        raise Http404("No such record.") from None


class HistoryAdmin(SimpleHistoryAdmin):
    """Shows django-simple-history's record (who, when, old → new) without its Revert button.

    Reverting would write an old row straight back, past the status workflow and the
    membership services, so the history here is for reading only.
    """

    object_history_list_template = "admin/history/object_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return PlainWordsHistory(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        _require_id(self.model._meta.pk, object_id)
        headings = [self.history_heading(name) for name in self.get_history_list_display(request)]
        return super().history_view(
            request, object_id, {**(extra_context or {}), "history_headings": headings}
        )

    def history_heading(self, name: str) -> str:
        method = getattr(self, name, None)
        if description := getattr(method, "short_description", None):
            return description
        try:
            return self.model._meta.get_field(name).verbose_name
        except FieldDoesNotExist:
            return name.replace("_", " ")

    def revert_disabled(self, request, obj=None) -> bool:
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied("Past versions are for reading; they cannot be restored.")
        _require_id(self.model._meta.pk, object_id)
        _require_id(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(PracticeArea)
class PracticeAreaAdmin(SearchableSelectsAdmin, HistoryAdmin):
    list_display = ["name", "sponsor_column", "community_count"]
    list_select_related = ["sponsor"]
    search_fields = ["name", "slug", "sponsor__full_name", "sponsor__email"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["sponsor"]
    fields = ["name", "slug", "sponsor", "description"]
    history_list_display = ["sponsor_then"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(community_total=Count("communities"))

    @admin.display(description="SMT sponsor", ordering="sponsor__full_name")
    def sponsor_column(self, area: PracticeArea) -> str:
        return area.sponsor_display

    @admin.display(description="SMT sponsor")
    def sponsor_then(self, record) -> str:
        return str(record.sponsor) if record.sponsor_id else "TBC"

    @admin.display(description="communities", ordering="community_total")
    def community_count(self, area: PracticeArea) -> int:
        return area.community_total


@admin.register(ProgrammeContact)
class ProgrammeContactAdmin(admin.ModelAdmin):
    """One row of page content: the list goes straight to it."""

    list_display = ["name", "role", "email", "phone"]
    fields = ["name", "role", "email", "phone", "internal_phone"]

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not ProgrammeContact.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        contact = ProgrammeContact.current()
        if contact is not None and self.has_view_or_change_permission(request, contact):
            return HttpResponseRedirect(
                reverse("admin:communities_programmecontact_change", args=[contact.pk])
            )
        return super().changelist_view(request, extra_context)
