"""A community's leads, chosen from its core members on a page of their own.

The page lists the current leads, each with a "Stand down" button, and the community's active
core members, searched and paged, each with an "Appoint as lead" button. Each button posts to
its own view, which calls `services.set_lead` once and comes back with a message, so the page
costs the same few queries with ten core members or two thousand.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from communities.models import Community

from .. import services
from ..models import Membership
from ..services import MembershipError
from .forms import LeadChoiceForm, object_to_change
from .words import active_lead_count, describe_refusal, lead_advice

CORE_MEMBERS_PER_PAGE = 25


class CommunityLeadsAdmin:
    """The leads page and its two buttons, for the community admin."""

    def leads_urls(self) -> list:
        info = self.opts.app_label, self.opts.model_name
        views = [
            ("leads/", self.leads_view, "leads"),
            ("leads/appoint/", require_POST(self.appoint_lead_view), "appoint_lead"),
            ("leads/stand-down/", require_POST(self.stand_down_lead_view), "stand_down_lead"),
        ]
        return [
            path(
                f"<path:object_id>/{route}",
                self.admin_site.admin_view(view),
                name="{}_{}_{}".format(*info, name),
            )
            for route, view, name in views
        ]

    def leads_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The community's leads, and a page of its core members (searched by `q`) to appoint."""
        community = object_to_change(self, request, object_id)
        query = request.GET.get("q", "").strip()
        core = (
            Membership.objects.active()
            .core()
            .filter(community=community)
            .select_related("person")
            .order_by("person__full_name", "person__email")
        )
        if query:
            core = core.filter(
                Q(person__full_name__icontains=query) | Q(person__email__icontains=query)
            )
        change_url = reverse("admin:communities_community_change", args=[community.pk])
        page = Paginator(core, CORE_MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
        context = {
            **self.admin_site.each_context(request),
            "title": f"Leads of {community}",
            "crumb": "Leads",
            "object_url": change_url,
            "object_name": community,
            "opts": self.opts,
            "community": community,
            "leads": community.active_leads,
            "advice": lead_advice(community, len(community.active_leads)),
            "query": query,
            "page_obj": page,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/communities/community/leads.html", context)

    def appoint_lead_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Make one of the community's active core members a lead."""
        return self._set_lead(request, object_id, is_lead=True)

    def stand_down_lead_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Stand one of the community's leads down; they stay a core member."""
        return self._set_lead(request, object_id, is_lead=False)

    def _set_lead(self, request: HttpRequest, object_id: str, *, is_lead: bool) -> HttpResponse:
        community = object_to_change(self, request, object_id)
        back = self._leads_url(community, request.POST)
        candidates = Membership.objects.active().filter(community=community)
        form = LeadChoiceForm(
            request.POST, memberships=candidates.core() if is_lead else candidates
        )
        if not form.is_valid():
            messages.error(request, f"That person is no longer a core member of {community}.")
            return HttpResponseRedirect(back)
        membership = form.cleaned_data["membership"]
        person = membership.person
        if membership.is_lead == is_lead:
            messages.info(
                request,
                f"{person} {'is already' if is_lead else 'was not'} a lead of {community}.",
            )
            return HttpResponseRedirect(back)
        try:
            services.set_lead(membership=membership, is_lead=is_lead)
        except MembershipError as error:
            messages.error(request, describe_refusal(error, person=person, community=community))
            return HttpResponseRedirect(back)
        done = "is now a lead of" if is_lead else "is no longer a lead of"
        messages.success(request, f"{person} {done} {community}.")
        if advice := lead_advice(community, active_lead_count(community)):
            messages.warning(request, advice)
        return HttpResponseRedirect(back)

    @staticmethod
    def _leads_url(community: Community, data) -> str:
        """Back to the leads page, on the same search and page the button was pressed on."""
        url = reverse("admin:communities_community_leads", args=[community.pk])
        kept = {name: data[name] for name in ("q", "page") if data.get(name)}
        return f"{url}?{urlencode(kept)}" if kept else url
