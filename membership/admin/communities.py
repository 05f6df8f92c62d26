"""Communities in the Head's admin: their details, their life (launch, close, reopen) and leads.

Communities are registered here, not in `communities/admin.py`, because launching, closing and
appointing leads are services of this app, and `communities` never imports `membership`.
Each step of a community's life is confirmed first, then made by one service call, and the
message says what the service reports it did.
"""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from communities.admin import HistoryAdmin
from communities.models import Community

from .. import services
from ..models import Membership
from ..services import MembershipError
from .closure import ClosureForm, closure_details
from .forms import ChangedFieldsOnlyAdmin, object_to_change
from .leads import CommunityLeadsAdmin
from .words import lead_advice, people, plural


@dataclass(frozen=True)
class StatusChange:
    """One step of a community's life, as the confirmation page and messages describe it."""

    name: str
    title: str
    button: str
    past: str
    allowed_from: tuple[str, ...]


PREPARING, LAUNCHED, CLOSED = (
    Community.Status.PREPARING,
    Community.Status.LAUNCHED,
    Community.Status.CLOSED,
)
LAUNCH = StatusChange("launch", "Launch", "Yes, launch", "launched", (PREPARING, LAUNCHED))
CLOSE = StatusChange("close", "Close", "Yes, close", "closed", (LAUNCHED, PREPARING))
REOPEN = StatusChange("reopen", "Reopen", "Yes, reopen", "reopened", (CLOSED,))


def launch(community: Community) -> tuple[str, int]:
    change = services.launch_community(community=community)
    if not change.changed:
        return f"{community} was already launched.", messages.INFO
    told = (
        f" Launch notices are queued for {people(change.emails_queued)} who registered interest."
        if change.emails_queued
        else " Nobody had registered interest, so no launch notices were needed."
    )
    return f"{community} has launched.{told}", messages.SUCCESS


def close(community: Community, *, reason: str = "", message: str = "") -> tuple[str, int]:
    change = services.close_community(community=community, reason=reason, message=message)
    if not change.changed:
        return f"{community} was already closed.", messages.INFO
    if not change.memberships_ended:
        return f"{community} has closed. It had no members.", messages.SUCCESS
    return (
        f"{community} has closed. {plural(change.memberships_ended, 'membership')} ended; "
        f"closure notices are queued for {people(change.emails_queued)}.",
        messages.SUCCESS,
    )


def reopen(community: Community) -> tuple[str, int]:
    if not services.reopen_community(community=community).changed:
        return f"{community} is not closed, so there was nothing to reopen.", messages.INFO
    return (
        f"{community} is open again, in preparation. Its old memberships stay ended; "
        "launch it when it is ready.",
        messages.SUCCESS,
    )


PERFORM = {LAUNCH: launch, CLOSE: close, REOPEN: reopen}


@admin.register(Community)
class CommunityAdmin(ChangedFieldsOnlyAdmin, CommunityLeadsAdmin, HistoryAdmin):
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
        (None, {"fields": ["name", "slug", "practice_area", "summary"]}),
        (
            "Community page",
            {
                "fields": ["description", "how_we_meet", "online_space_url"],
                "description": (
                    "What the community's page says about it; its leads edit the same on the "
                    "page. Description and how we meet are Markdown."
                ),
            },
        ),
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
    actions = ["launch_selected", "close_selected", "reopen_selected"]
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
        return super().get_queryset(request).prefetch_related(leads)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # Communities close; their members' history stays.

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
        advice = lead_advice(community, len(leads))
        summary = format_html("{}. {}", names, advice) if leads and advice else names
        summary = summary or advice or "None yet."
        if community.status != Community.Status.LAUNCHED:
            return summary
        url = reverse("admin:communities_community_leads", args=[community.pk])
        return format_html('{} <a href="{}">Appoint or stand down leads</a>', summary, url)

    # The community's life: actions on the list, and buttons on the change form ----------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        steps = [
            path(
                f"<path:object_id>/{step.name}/",
                self.admin_site.admin_view(self.status_change_view),
                {"step": step},
                name="{}_{}_{}".format(*info, step.name),
            )
            for step in PERFORM
        ]
        return steps + self.leads_urls() + super().get_urls()

    def status_change_view(self, request, object_id, step: StatusChange):
        """Confirm a launch, close or reopen of one community, then make it (on POST)."""
        community = object_to_change(self, request, object_id)
        change_url = reverse("admin:communities_community_change", args=[community.pk])
        if community.status not in step.allowed_from:
            messages.error(
                request,
                f"{community.name} is {community.get_status_display().lower()}: "
                f"it cannot be {step.past} from there.",
            )
            return HttpResponseRedirect(change_url)
        closure_form = None
        if request.method == "POST":
            details, closure_form = closure_details(request) if step is CLOSE else ({}, None)
            if details is not None:
                self.perform(request, step, [community], **details)
                return HttpResponseRedirect(change_url)
        return self.confirmation_page(
            request, step, [community], cancel_url=change_url, closure_form=closure_form
        )

    def confirmation_page(
        self, request, step, communities, *, cancel_url, action: str = "", closure_form=None
    ):
        rows = [
            {
                "community": community,
                "members": community.core_count + community.wider_count,
                "pending": community.interests.filter(notified_at__isnull=True).count(),
            }
            for community in communities
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.title}: are you sure?",
            "crumb": step.title,
            "button": step.button,
            "object_url": "" if action or len(communities) != 1 else cancel_url,
            "object_name": communities[0] if communities else "",
            "step": step,
            "rows": rows,
            "total_members": sum(row["members"] for row in rows),
            "total_pending": sum(row["pending"] for row in rows),
            "opts": self.opts,
            "action": action,
            "cancel_url": cancel_url,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "closure_form": (closure_form or ClosureForm()) if step is CLOSE else None,
        }
        return TemplateResponse(
            request, "admin/communities/community/confirm_status_change.html", context
        )

    def perform(self, request, step: StatusChange, communities, **details) -> None:
        """Make `step` through its service for each community, saying what happened to each.

        `details` are a close's reason and message to the members."""
        for community in communities:
            try:
                message, level = PERFORM[step](community, **details)
            except MembershipError as error:
                message, level = error.message, messages.ERROR
            self.message_user(request, message, level)

    def _confirm_or_perform(self, request, queryset, step: StatusChange, action: str):
        closure_form = None
        if request.POST.get("post") == "yes":
            details, closure_form = closure_details(request) if step is CLOSE else ({}, None)
            if details is not None:
                self.perform(request, step, list(queryset), **details)
                return None
        changelist = reverse("admin:communities_community_changelist")
        return self.confirmation_page(
            request,
            step,
            list(queryset),
            cancel_url=changelist,
            action=action,
            closure_form=closure_form,
        )

    @admin.action(description="Launch selected communities…", permissions=["change"])
    def launch_selected(self, request, queryset):
        # A launch emails everyone who registered interest: it is confirmed first, like a
        # close, so a crafted `select_across` shows the list instead of launching it.
        return self._confirm_or_perform(request, queryset, LAUNCH, "launch_selected")

    @admin.action(description="Close selected communities…", permissions=["change"])
    def close_selected(self, request, queryset):
        return self._confirm_or_perform(request, queryset, CLOSE, "close_selected")

    @admin.action(description="Reopen selected communities…", permissions=["change"])
    def reopen_selected(self, request, queryset):
        return self._confirm_or_perform(request, queryset, REOPEN, "reopen_selected")
