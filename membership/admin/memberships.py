"""Memberships and interests in the Head's admin.

Adding, changing and ending a membership are views of their own, each a plain form whose valid
path makes exactly one service call (`join`, `update_membership`, `leave`); a refusal becomes an
error on the same form and writes nothing. They keep the admin's add and change addresses and
look. Ended memberships are history: they are shown read-only and never deleted.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from communities.admin import HistoryAdmin

from .. import services
from ..models import Interest, Membership
from ..services import MembershipError
from .columns import MembershipDateColumns
from .exports import memberships_csv
from .filters import ActiveFilter, NotifiedFilter
from .forms import MembershipAddForm, MembershipChangeForm
from .imports import WholeFileImportMixin
from .reconfirmations import ReconfirmationFilter, RecordConfirmationAction
from .resources import MembershipResource
from .words import describe_change, describe_refusal, plural


@admin.register(Membership)
class MembershipAdmin(
    MembershipDateColumns, RecordConfirmationAction, WholeFileImportMixin, HistoryAdmin
):
    resource_classes = [MembershipResource]
    import_export_change_list_template = "admin/membership/membership/change_list.html"
    list_display = [
        "person",
        "person_email",
        "community",
        "kind",
        "is_lead",
        "joined",
        "ended",
    ]
    list_filter = [
        ActiveFilter,
        "kind",
        "is_lead",
        ReconfirmationFilter,
        "community__status",
        "community",
    ]
    search_fields = ["person__full_name", "person__email", "community__name"]
    list_select_related = ["person", "community"]
    # The read-only page of an ended membership; active ones change through `change_view`.
    fields = ["person", "community", "kind", "is_lead", "joined_at", "ended_at"]
    actions = ["end_memberships", "record_confirmation", "export_selected_memberships"]
    history_list_display = ["kind_then", "lead_then", "ended_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "community")

    @admin.display(description="email", ordering="person__email")
    def person_email(self, membership: Membership) -> str:
        return membership.person.email

    @admin.display(description="kind")
    def kind_then(self, record) -> str:
        return record.get_kind_display()

    @admin.display(description="lead")
    def lead_then(self, record) -> str:
        return "yes" if record.is_lead else "no"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Memberships end; they are never deleted, so past reports stay true.

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and not obj.is_active:
            return False  # An ended membership is history: view it, don't edit it.
        return super().has_change_permission(request, obj)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "export/<str:scope>/",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            ),
            path(
                "<path:object_id>/end/",
                self.admin_site.admin_view(self.end_view),
                name="{}_{}_end".format(*info),
            ),
            *super().get_urls(),
        ]

    # Add, change, end: one service call each ---------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        """Add a membership: `services.join`, once, with what the form says."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MembershipAddForm(self.posted(request), admin_site=self.admin_site)
        if form.is_valid():
            data = form.cleaned_data
            try:
                change = services.join(**data)
            except MembershipError as error:
                person, community = data["person"], data["community"]
                form.add_error(None, describe_refusal(error, person=person, community=community))
            else:
                self.log_addition(request, change.membership, [{"added": {}}])
                return self.saved(request, change)
        return self.form_page(request, form, title="Add membership", form_url=form_url)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Change an active membership's kind and lead: `services.update_membership`, once.

        An ended membership (or one the Head may not change) gets the admin's read-only page.
        """
        membership = self.get_object(request, unquote(object_id))
        if membership is None or not self.has_change_permission(request, membership):
            return super().change_view(request, object_id, form_url, extra_context)
        form = MembershipChangeForm(self.posted(request), membership=membership)
        if form.is_valid() and not form.has_changed():
            self.message_user(request, f"Nothing was changed: {membership}.", messages.INFO)
            return HttpResponseRedirect(self.after_save_url(request, membership))
        if form.is_valid():  # and changed
            try:
                change = services.update_membership(membership=membership, **form.cleaned_data)
            except MembershipError as error:
                form.add_error(
                    None,
                    describe_refusal(
                        error, person=membership.person, community=membership.community
                    ),
                )
            else:
                fields = [str(form[name].label) for name in form.changed_data]
                self.log_change(request, change.membership, [{"changed": {"fields": fields}}])
                return self.saved(request, change)
        return self.form_page(
            request, form, title="Change membership", form_url=form_url, membership=membership
        )

    def end_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Confirm ending one membership, then end it with `services.leave` (on POST)."""
        membership = self.get_object(request, unquote(object_id))
        if membership is None:
            raise Http404("No such membership.")
        if not membership.is_active:
            # A second click on "Yes, end it": what was asked for already holds.
            self.message_user(request, f"{membership} had already ended.", messages.INFO)
            return HttpResponseRedirect(self.after_save_url(request, membership))
        if not self.has_change_permission(request, membership):
            raise PermissionDenied
        change_url = reverse("admin:membership_membership_change", args=[membership.pk])
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "title": "End this membership: are you sure?",
                "opts": self.opts,
                "membership": membership,
                "crumb": "End",
                "button": "Yes, end it",
                "object_url": change_url,
                "object_name": membership,
                "cancel_url": change_url,
            }
            template = "admin/membership/membership/confirm_end.html"
            return TemplateResponse(request, template, context)
        self.end_memberships(request, Membership.objects.filter(pk=membership.pk))
        return HttpResponseRedirect(reverse("admin:membership_membership_changelist"))

    @staticmethod
    def posted(request: HttpRequest):
        return request.POST if request.method == "POST" else None

    def saved(self, request: HttpRequest, change: services.MembershipChange) -> HttpResponse:
        self.message_user(request, describe_change(change), messages.SUCCESS)
        return HttpResponseRedirect(self.after_save_url(request, change.membership))

    def after_save_url(self, request: HttpRequest, membership: Membership) -> str:
        """Where the admin's three save buttons lead."""
        if "_addanother" in request.POST:
            return reverse("admin:membership_membership_add")
        if "_continue" in request.POST:
            return reverse("admin:membership_membership_change", args=[membership.pk])
        return reverse("admin:membership_membership_changelist")

    def form_page(self, request, form: Form, *, title, form_url, membership=None) -> HttpResponse:
        """The admin's change form page, around one of our plain forms."""
        adminform = helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {})
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "adminform": adminform,
            "object_id": membership.pk if membership else None,
            "original": membership,
            "subtitle": str(membership) if membership else None,
            "membership_form": True,
            "is_popup": False,
            "to_field": None,
            "media": self.media + adminform.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
        }
        return self.render_change_form(
            request,
            context,
            add=membership is None,
            change=membership is not None,
            obj=membership,
            form_url=form_url,
        )

    # The list's actions -------------------------------------------------------------------------

    def export_view(self, request: HttpRequest, scope: str) -> HttpResponse:
        """Active or all memberships, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        memberships = Membership.objects.all()
        if scope == "active":
            memberships = memberships.active()
        elif scope != "all":
            raise Http404("Export active or all memberships.")
        return memberships_csv(memberships, scope=scope)

    @admin.action(description="Export selected memberships to CSV", permissions=["view"])
    def export_selected_memberships(self, request, queryset):
        return memberships_csv(queryset, scope="selected")

    @admin.action(description="End selected memberships", permissions=["change"])
    def end_memberships(self, request, queryset: QuerySet[Membership]):
        """End each active membership with `services.leave`; the rows stay as history."""
        already = queryset.filter(ended_at__isnull=False).count()
        ended = 0
        for membership in queryset.filter(ended_at__isnull=True).select_related(
            "person", "community"
        ):
            try:
                services.leave(person=membership.person, community=membership.community)
                ended += 1
            except MembershipError as error:
                refusal = describe_refusal(
                    error, person=membership.person, community=membership.community
                )
                self.message_user(request, refusal, messages.ERROR)
        if ended:
            self.message_user(
                request,
                f"Ended {plural(ended, 'membership')}. "
                "The rows stay, so past reports still count them.",
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                f"{already} had already ended and {'was' if already == 1 else 'were'} left as "
                f"{'it was' if already == 1 else 'they were'}.",
                messages.INFO,
            )


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    """Registrations of interest, read-only: people register and withdraw them themselves."""

    list_display = ["person", "person_email", "community", "created_at", "notified_at"]
    list_filter = [NotifiedFilter, "community__status", "community"]
    search_fields = ["person__full_name", "person__email", "community__name"]
    list_select_related = ["person", "community"]
    date_hierarchy = "created_at"

    @admin.display(description="email", ordering="person__email")
    def person_email(self, interest: Interest) -> str:
        return interest.person.email

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
