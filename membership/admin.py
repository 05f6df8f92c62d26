"""The Head of CoPs' admin: people, communities' lives, memberships and interests.

Every write to memberships and interests goes through `membership.services`: the add and change
forms, the leads inline, the actions and the imports. A change the rules refuse comes back as a
form error or a message, never as a half-written row. Communities are registered here, not in
`communities/admin.py`, because launching and closing them are services of this app.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX

from communities.admin import HistoryAdmin
from communities.models import Community

from . import services, tasks
from .admin_forms import (
    LeadInlineForm,
    LeadInlineFormSet,
    MembershipAddForm,
    MembershipChangeForm,
    PersonAddForm,
    PersonChangeForm,
)
from .admin_views import memberships_csv, people_csv
from .models import Interest, Membership, Person
from .resources import MembershipResource, PersonResource
from .services import MembershipError

# UCL's guidance: a launched community has two to four leads.
FEWEST_LEADS, MOST_LEADS = 2, 4
INVITATIONS_PER_TASK = 500


def people(count: int) -> str:
    """“1 person”, “3 people”."""
    return f"{count} {'person' if count == 1 else 'people'}"


# Imports ------------------------------------------------------------------------------------


class WholeFileImportMixin(ImportMixin):
    """django-import-export's preview-then-confirm import, all or nothing.

    The preview is a dry run in a transaction that is rolled back. The confirmed run is also one
    transaction, rolled back if any row fails (the data may have changed since the preview), so
    a file is imported whole or not at all.
    """

    import_formats = [CSV, XLSX]
    import_template_name = "admin/membership/import.html"

    def has_import_permission(self, request: HttpRequest) -> bool:
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            bad_rows = sorted({number for number, _ in result.row_errors()})
            bad_rows += [row.number for row in result.invalid_rows]
            where = f" (rows {', '.join(map(str, sorted(bad_rows)))})" if bad_rows else ""
            messages.error(
                request,
                f"Nothing was imported: the file no longer passes the checks{where}. "
                "Someone may have changed the data since the preview. Upload it again to see why.",
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )
        return super().process_result(result, request)


# People ---------------------------------------------------------------------------------------


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


@admin.register(Person)
class PersonAdmin(WholeFileImportMixin, admin.ModelAdmin):
    resource_classes = [PersonResource]
    import_export_change_list_template = "admin/membership/person/change_list.html"
    list_display = ["full_name", "email", "department", "job_title", "is_staff"]
    list_display_links = ["full_name", "email"]
    list_filter = ["is_staff", "is_active", SignedInFilter]
    search_fields = ["full_name", "email", "department", "job_title"]
    ordering = ["full_name", "email"]
    readonly_fields = ["is_staff", "last_login", "date_joined"]
    actions = ["send_invitations", "export_selected_people"]

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = PersonAddForm if obj is None else PersonChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": ["email", "full_name", "department", "job_title"],
                        "description": (
                            "They get no password. Send them an invitation to set one from "
                            "the list of people (action “Send invitation to set a password”)."
                        ),
                    },
                )
            ]
        access = ["is_active", "cop_administrator", "is_staff"]
        if request.user.is_superuser:
            access.append("is_superuser")
        return [
            (None, {"fields": ["email", "full_name", "department", "job_title"]}),
            ("Access", {"fields": access}),
            ("Activity", {"fields": ["last_login", "date_joined"]}),
        ]

    def has_change_permission(self, request, obj=None) -> bool:
        # Changing a superuser's address would let someone reset their password: only another
        # superuser may.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if isinstance(form, PersonChangeForm):
            form.save_role()

    def get_urls(self):
        return [
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="membership_person_export",
            ),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """Everyone in the portal, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return people_csv(Person.objects.all())

    @admin.action(description="Export selected people to CSV", permissions=["view"])
    def export_selected_people(self, request, queryset):
        return people_csv(queryset)

    @admin.action(description="Send invitation to set a password", permissions=["change"])
    def send_invitations(self, request, queryset):
        # Placeholder addresses (the seed's sponsors) cannot receive mail.
        invitable = queryset.filter(is_active=True).exclude(email__endswith=".invalid")
        ids = list(invitable.values_list("pk", flat=True))
        skipped = queryset.count() - len(ids)
        for start in range(0, len(ids), INVITATIONS_PER_TASK):
            batch = ids[start : start + INVITATIONS_PER_TASK]
            transaction.on_commit(
                lambda batch=batch: tasks.send_invitations.enqueue(person_ids=batch)
            )
        if ids:
            messages.success(
                request,
                f"Sending {len(ids)} invitation{'s' if len(ids) != 1 else ''} to set a password.",
            )
        if skipped:
            messages.warning(
                request,
                f"{skipped} not invited: their accounts are switched off or their address is a "
                "placeholder (ending .invalid). Give them a real address first.",
            )


# Communities ----------------------------------------------------------------------------------


class LeadInline(admin.TabularInline):
    """The community's core members: mark leads here (through `services.set_lead`)."""

    model = Membership
    form = LeadInlineForm
    formset = LeadInlineFormSet
    fields = ["person", "person_email", "kind", "is_lead", "joined_at"]
    readonly_fields = ["person", "person_email", "joined_at"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name = "core member"
    verbose_name_plural = "core members and leads"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .active()
            .core()
            # The community too: each row's heading names it.
            .select_related("person", "community")
            .order_by("-is_lead", "person__full_name")
        )

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="email")
    def person_email(self, membership: Membership) -> str:
        return membership.person.email


@dataclass(frozen=True)
class StatusChange:
    """One step of a community's life, as the confirmation page and messages describe it."""

    name: str
    title: str
    button: str
    allowed_from: tuple[str, ...]


LAUNCH = StatusChange(
    "launch", "Launch", "Yes, launch", (Community.Status.PREPARING, Community.Status.LAUNCHED)
)
CLOSE = StatusChange(
    "close", "Close", "Yes, close", (Community.Status.LAUNCHED, Community.Status.PREPARING)
)
REOPEN = StatusChange("reopen", "Reopen", "Yes, reopen", (Community.Status.CLOSED,))
RESEND = StatusChange(
    "resend", "Resend pending launch notices", "Yes, send them", (Community.Status.LAUNCHED,)
)


@admin.register(Community)
class CommunityAdmin(HistoryAdmin):
    list_display = [
        "name",
        "practice_area",
        "status",
        "launched_on",
        "core_members",
        "wider_members",
        "leads",
    ]
    list_filter = ["status", "practice_area"]
    search_fields = ["name", "slug", "practice_area__name"]
    list_select_related = ["practice_area"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status", "launched_on", "member_summary", "lead_summary", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "practice_area", "summary", "description"]}),
        (
            "Status",
            {
                "fields": ["status", "launched_on", "member_summary", "lead_summary"],
                "description": (
                    "Change the status with the buttons above (launch, close, reopen), "
                    "or the actions on the list of communities."
                ),
            },
        ),
    ]
    inlines = [LeadInline]
    actions = [
        "launch_selected",
        "close_selected",
        "reopen_selected",
        "resend_launch_notices",
    ]
    history_list_display = ["status_then", "launched_on"]
    change_form_template = "admin/communities/community/change_form.html"

    def get_queryset(self, request):
        leads = Prefetch(
            "memberships",
            queryset=Membership.objects.active()
            .filter(is_lead=True)
            .select_related("person")
            .order_by("person__full_name"),
            to_attr="active_leads",
        )
        return super().get_queryset(request).with_member_counts().prefetch_related(leads)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Communities close; their members' history stays.

    def get_inline_instances(self, request, obj=None):
        if obj is None or obj.status != Community.Status.LAUNCHED:
            return []
        return super().get_inline_instances(request, obj)

    @admin.display(description="status")
    def status_then(self, record) -> str:
        return record.get_status_display()

    # Columns and read-only fields ---------------------------------------------------------------

    @admin.display(description="core", ordering="core_count")
    def core_members(self, community: Community) -> int:
        return community.core_count

    @admin.display(description="wider", ordering="wider_count")
    def wider_members(self, community: Community) -> int:
        return community.wider_count

    @admin.display(description="leads")
    def leads(self, community: Community) -> str:
        return ", ".join(m.person.display_name for m in community.active_leads) or "–"

    @admin.display(description="members")
    def member_summary(self, community: Community) -> str:
        if not community.pk:
            return "–"
        return (
            f"{community.core_count} core, {community.wider_count} wider; "
            f"{community.interest_count} registered interest"
        )

    @admin.display(description="leads")
    def lead_summary(self, community: Community):
        if not community.pk:
            return "–"
        leads = community.active_leads
        names = format_html_join(", ", "{}", ((m.person.display_name,) for m in leads))
        advice = self.lead_advice(community, len(leads))
        if not leads:
            return advice or "None yet."
        return format_html("{}. {}", names, advice) if advice else names

    @staticmethod
    def lead_advice(community: Community, count: int) -> str:
        if community.status != Community.Status.LAUNCHED:
            return ""
        if FEWEST_LEADS <= count <= MOST_LEADS:
            return ""
        return (
            f"{community.name} has {count} lead{'s' if count != 1 else ''}: UCL's guidance is "
            f"{FEWEST_LEADS} to {MOST_LEADS} leads for a community."
        )

    # Leads: the inline's changes go through the services -----------------------------------

    def save_formset(self, request, form, formset, change):
        if not isinstance(formset, LeadInlineFormSet):
            return super().save_formset(request, form, formset, change)
        changed = formset.changed_forms()
        formset.apply()
        # What the admin's change message reads, since formset.save() is not called.
        formset.new_objects, formset.deleted_objects = [], []
        formset.changed_objects = [(f.instance, f.changed_data) for f in changed]
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        community = form.instance
        count = community.memberships.active().filter(is_lead=True).count()
        if advice := self.lead_advice(community, count):
            messages.warning(request, advice)

    # The community's life: actions on the list, and buttons on the change form ----------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        views = [
            path(
                f"<path:object_id>/{step.name}/",
                self.admin_site.admin_view(self.status_change_view),
                {"step": step},
                name="{}_{}_{}".format(*info, step.name),
            )
            for step in (LAUNCH, CLOSE, REOPEN, RESEND)
        ]
        return views + super().get_urls()

    def status_change_view(self, request, object_id, step: StatusChange):
        """Confirm a launch, close, reopen or resend for one community, then do it (on POST)."""
        community = self.get_object(request, unquote(object_id))
        if community is None:
            raise Http404("No such community.")
        if not self.has_change_permission(request, community):
            raise PermissionDenied
        change_url = reverse("admin:communities_community_change", args=[community.pk])
        if community.status not in step.allowed_from:
            messages.error(
                request,
                f"{community.name} is {community.get_status_display().lower()}: "
                f"it cannot be {self.past_tense(step)} from there.",
            )
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            self.perform(request, step, [community])
            return HttpResponseRedirect(change_url)
        return self.confirmation_page(request, step, [community], cancel_url=change_url)

    @staticmethod
    def past_tense(step: StatusChange) -> str:
        return {"launch": "launched", "close": "closed", "reopen": "reopened"}.get(
            step.name, "resent"
        )

    def confirmation_page(self, request, step, communities, *, cancel_url, action: str = ""):
        rows = []
        for community in communities:
            pending = community.interests.filter(notified_at__isnull=True).count()
            members = community.core_count + community.wider_count
            rows.append({"community": community, "members": members, "pending": pending})
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.title}: are you sure?",
            "step": step,
            "rows": rows,
            "total_members": sum(row["members"] for row in rows),
            "total_pending": sum(row["pending"] for row in rows),
            "opts": self.opts,
            "action": action,
            "cancel_url": cancel_url,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/communities/community/confirm_status_change.html", context
        )

    def perform(self, request, step: StatusChange, communities) -> None:
        """Run `step` through the services for each community, saying what happened to each."""
        for community in communities:
            try:
                message, level = self.perform_one(step, community)
            except MembershipError as error:
                message, level = error.message, messages.ERROR
            self.message_user(request, message, level)

    @staticmethod
    def perform_one(step: StatusChange, community: Community) -> tuple[str, int]:
        name = community.name
        if step is LAUNCH:
            pending = community.interests.filter(notified_at__isnull=True).count()
            if not services.launch_community(community=community):
                return f"{name} was already launched.", messages.INFO
            told = (
                f" {people(pending)} who registered interest "
                f"{'is' if pending == 1 else 'are'} being emailed."
                if pending
                else ""
            )
            return f"{name} has launched.{told}", messages.SUCCESS
        if step is CLOSE:
            if community.status == Community.Status.CLOSED:
                return f"{name} was already closed.", messages.INFO
            ended = services.close_community(community=community)
            told = (
                f" {ended} membership{'s' if ended != 1 else ''} ended; the members are being "
                "emailed."
                if ended
                else " It had no members."
            )
            return f"{name} has closed.{told}", messages.SUCCESS
        if step is REOPEN:
            if not services.reopen_community(community=community):
                return f"{name} is not closed, so there was nothing to reopen.", messages.INFO
            return (
                f"{name} is open again, in preparation. Its old memberships stay ended; "
                "launch it when it is ready.",
                messages.SUCCESS,
            )
        # RESEND
        if community.status != Community.Status.LAUNCHED:
            return (
                f"{name} has not launched: launch notices go out when it does.",
                messages.WARNING,
            )
        pending = community.interests.filter(notified_at__isnull=True).count()
        if not pending:
            return f"Everyone interested in {name} has already been told.", messages.INFO
        community_id = community.pk
        transaction.on_commit(
            lambda: tasks.notify_interested_of_launch.enqueue(community_id=community_id)
        )
        return (
            f"Sending {name}'s launch notice to {people(pending)} not yet told.",
            messages.SUCCESS,
        )

    def _confirm_or_perform(self, request, queryset, step: StatusChange, action: str):
        if request.POST.get("post") == "yes":
            self.perform(request, step, list(queryset))
            return None
        changelist = reverse("admin:communities_community_changelist")
        return self.confirmation_page(
            request, step, list(queryset), cancel_url=changelist, action=action
        )

    @admin.action(description="Launch selected communities", permissions=["change"])
    def launch_selected(self, request, queryset):
        self.perform(request, LAUNCH, list(queryset))

    @admin.action(description="Close selected communities…", permissions=["change"])
    def close_selected(self, request, queryset):
        return self._confirm_or_perform(request, queryset, CLOSE, "close_selected")

    @admin.action(description="Reopen selected communities…", permissions=["change"])
    def reopen_selected(self, request, queryset):
        return self._confirm_or_perform(request, queryset, REOPEN, "reopen_selected")

    @admin.action(description="Resend pending launch notices", permissions=["change"])
    def resend_launch_notices(self, request, queryset):
        self.perform(request, RESEND, list(queryset))


# Memberships ----------------------------------------------------------------------------------


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


@admin.register(Membership)
class MembershipAdmin(WholeFileImportMixin, HistoryAdmin):
    resource_classes = [MembershipResource]
    import_export_change_list_template = "admin/membership/membership/change_list.html"
    list_display = [
        "person",
        "person_email",
        "community",
        "kind",
        "is_lead",
        "joined_at",
        "ended_at",
    ]
    list_filter = [ActiveFilter, "kind", "is_lead", "community__status", "community"]
    search_fields = ["person__full_name", "person__email", "community__name"]
    list_select_related = ["person", "community"]
    autocomplete_fields = ["person", "community"]
    actions = ["end_memberships", "export_selected_memberships"]
    history_list_display = ["kind_then", "lead_then", "ended_at"]

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

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = MembershipAddForm if obj is None else MembershipChangeForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["person", "community", "kind", "is_lead", "switch_core"]
        editable = self.has_change_permission(request, obj)
        return [
            "person",
            "community",
            "kind",
            "is_lead",
            *(["switch_core"] if editable else []),
            "joined_at",
            "ended_at",
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["person", "community", "joined_at", "ended_at"]

    def save_model(self, request, obj, form, change):
        membership = form.apply()
        obj.pk, obj.kind, obj.is_lead = membership.pk, membership.kind, membership.is_lead
        obj.joined_at, obj.ended_at = membership.joined_at, membership.ended_at
        obj._state.adding = False

    def get_urls(self):
        return [
            path(
                "export/<str:scope>/",
                self.admin_site.admin_view(self.export_view),
                name="membership_membership_export",
            ),
            *super().get_urls(),
        ]

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

    @admin.action(
        description="End this membership",
        description_plural="End selected memberships",
        permissions=["change"],
        location=[ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM],
    )
    def end_memberships(self, request, queryset: QuerySet[Membership]):
        already = queryset.filter(ended_at__isnull=False).count()
        ended = 0
        for membership in queryset.filter(ended_at__isnull=True).select_related(
            "person", "community"
        ):
            try:
                services.leave(person=membership.person, community=membership.community)
                ended += 1
            except MembershipError as error:
                self.message_user(request, f"{membership}: {error.message}", messages.ERROR)
        if ended:
            self.message_user(
                request,
                f"Ended {ended} membership{'s' if ended != 1 else ''}. "
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


# Interests ------------------------------------------------------------------------------------


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
