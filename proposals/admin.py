"""Proposals in the Head's admin: listed by status with their supporters, departments and dates;
each one's page names who would join; accepting and declining are confirmation pages.

The rows are read-only here: the services are the only writers, and the Head decides through
the accept page (where she may rename the community, edit its summary, and choose its practice
area or name a new one) or the decline page (which asks for the reason the proposer reads).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.timezone import localtime

from . import services
from .admin_review import AcceptForm, DeclineForm, accepted_message
from .models import Proposal, Support

# Departments shown in the list's column before "and N more".
DEPARTMENTS_SHOWN = 3


class AreaFilter(admin.RelatedFieldListFilter):
    """The practice areas, and "A new area" for proposals that name one instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_value_display = "A new area"


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "status",
        "area",
        "proposer_name",
        "supporters",
        "departments",
        "created_at",
        "decided_at",
    ]
    list_filter = ["status", ("practice_area", AreaFilter)]
    search_fields = ["name", "new_area", "proposer__full_name"]
    list_select_related = ["practice_area", "proposer"]
    ordering = ["-created_at", "-pk"]
    fieldsets = [
        (None, {"fields": ["name", "status", "area", "proposer_name", "offer_to_lead"]}),
        ("What it proposes", {"fields": ["purpose", "why_now"]}),
        ("Who would join", {"fields": ["supporters_table"]}),
        (
            "Decision",
            {"fields": ["created_at", "decided_at", "decided_by", "decline_reason", "result"]},
        ),
    ]
    readonly_fields = [
        "name",
        "status",
        "area",
        "proposer_name",
        "offer_to_lead",
        "purpose",
        "why_now",
        "supporters_table",
        "created_at",
        "decided_at",
        "decided_by",
        "decline_reason",
        "result",
    ]
    change_form_template = "admin/proposals/proposal/change_form.html"

    def get_queryset(self, request):
        supports = Prefetch(
            "supports", queryset=Support.objects.select_related("person").order_by("created_at")
        )
        return super().get_queryset(request).with_support_count().prefetch_related(supports)

    # Rows to read: the services write them.
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def can_decide(self, request) -> bool:
        return request.user.has_perm("proposals.change_proposal")

    # Columns and fields -------------------------------------------------------------------------

    @admin.display(description="practice area", ordering="practice_area__name")
    def area(self, proposal: Proposal) -> str:
        return proposal.area_display

    @admin.display(description="proposer", ordering="proposer__full_name")
    def proposer_name(self, proposal: Proposal) -> str:
        proposer = proposal.proposer
        return f"{proposer.display_name}, {proposer.department or 'no department given'}"

    @admin.display(description="would lead it")
    def offer_to_lead(self, proposal: Proposal) -> str:
        if not proposal.would_lead:
            return "No"
        return f"Yes: {proposal.proposer.display_name} is a prospective lead."

    @admin.display(description="supporters", ordering="support_count")
    def supporters(self, proposal: Proposal) -> int:
        return proposal.support_count

    @admin.display(description="departments")
    def departments(self, proposal: Proposal) -> str:
        """The departments of the proposer and the supporters, each once."""
        people = [proposal.proposer, *(support.person for support in proposal.supports.all())]
        names = sorted({person.department for person in people if person.department})
        if len(names) <= DEPARTMENTS_SHOWN + 1:
            return ", ".join(names) or "–"
        more = len(names) - DEPARTMENTS_SHOWN
        return f"{', '.join(names[:DEPARTMENTS_SHOWN])} and {more} more"

    @admin.display(description="supporters")
    def supporters_table(self, proposal: Proposal):
        supports = list(proposal.supports.all())
        if not supports:
            return "Nobody yet, besides the proposer."
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    s.person.display_name,
                    s.person.department or "–",
                    s.person.job_title or "–",
                    date_format(localtime(s.created_at), "j M Y"),
                )
                for s in supports
            ),
        )
        return format_html(
            '<table class="proposal-supporters"><caption>{} would join, besides the '
            'proposer</caption><thead><tr><th scope="col">Name</th><th scope="col">'
            'Department</th><th scope="col">Job title</th><th scope="col">Since</th></tr>'
            "</thead><tbody>{}</tbody></table>",
            f"{len(supports)} {'person' if len(supports) == 1 else 'people'}",
            rows,
        )

    @admin.display(description="community")
    def result(self, proposal: Proposal):
        if proposal.community_id is None:
            return "–"
        url = reverse("admin:communities_community_change", args=[proposal.community_id])
        return format_html('<a href="{}">{}</a>', url, proposal.community.name)

    # Deciding -----------------------------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/accept/",
                self.admin_site.admin_view(self.accept_view),
                name="proposals_proposal_accept",
            ),
            path(
                "<path:object_id>/decline/",
                self.admin_site.admin_view(self.decline_view),
                name="proposals_proposal_decline",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = {**(extra_context or {}), "can_decide": self.can_decide(request)}
        return super().change_view(request, object_id, form_url, context)

    def _proposal_to_decide(self, request, object_id) -> Proposal:
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            raise Http404("No such proposal.")
        if not self.can_decide(request):
            raise PermissionDenied
        return proposal

    def _change_url(self, proposal: Proposal) -> str:
        return reverse("admin:proposals_proposal_change", args=[proposal.pk])

    def _page(self, request, proposal: Proposal, *, form, step: str, button: str):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{step.capitalize()} “{proposal.name}”?",
            "crumb": step.capitalize(),
            "button": button,
            "object_url": self._change_url(proposal),
            "object_name": proposal.name,
            "cancel_url": self._change_url(proposal),
            "opts": self.opts,
            "proposal": proposal,
            "would_join": proposal.support_count + 1,
            "form": form,
        }
        return TemplateResponse(request, f"admin/proposals/proposal/{step}.html", context)

    def _refuse_decided(self, request, proposal: Proposal):
        self.message_user(
            request,
            f"{proposal.name} is already {proposal.get_status_display().lower()}: it is "
            "decided once.",
            messages.ERROR,
        )
        return HttpResponseRedirect(self._change_url(proposal))

    def accept_view(self, request, object_id):
        """Confirm the community accepting makes (GET), then make it (POST) and go to it."""
        proposal = self._proposal_to_decide(request, object_id)
        if not proposal.is_open:
            return self._refuse_decided(request, proposal)
        form = AcceptForm(request.POST or None, proposal=proposal)
        if request.method == "POST" and form.is_valid():
            try:
                acceptance = services.accept(
                    proposal=proposal, by=request.user, **form.cleaned_data
                )
            except services.ProposalDecided:
                return self._refuse_decided(request, proposal)
            except services.ProposalError as exc:
                form.add_service_error(exc)
            else:
                self.message_user(request, accepted_message(acceptance), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:communities_community_change", args=[acceptance.community.pk])
                )
        return self._page(request, proposal, form=form, step="accept", button="Yes, accept")

    def decline_view(self, request, object_id):
        """Ask why (GET), then decline and email the proposer the reason (POST)."""
        proposal = self._proposal_to_decide(request, object_id)
        if not proposal.is_open:
            return self._refuse_decided(request, proposal)
        form = DeclineForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.decline(
                    proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ProposalDecided:
                return self._refuse_decided(request, proposal)
            except services.ProposalError as exc:
                form.add_service_error(exc)
            else:
                self.message_user(
                    request,
                    f"{proposal.name} is declined. {proposal.proposer.display_name} is emailed "
                    "the reason, which their proposal's page also shows.",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(self._change_url(proposal))
        return self._page(request, proposal, form=form, step="decline", button="Yes, decline")
