"""Projects, who takes part in them, and the resource libraries, for the Head of CoPs to see.

Read-only, like the sessions: every change goes through `activities.services`. A project is
edited on the site (its page's "Edit" link: status, outcome, a new lead), where the rules about
who may lead it are kept. Resources are hidden and shown again from the list, by actions that
call `services.hide_resource` and `services.unhide_resource`; a resource's file opens through
the site's download view, which checks who is asking, never through a direct storage link.
"""

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html

from .. import services
from ..models import Project, ProjectMember, Resource
from .common import ReadOnlyAdmin, plural

FORMER_MEMBER = "A former member"


class NeedsALeadFilter(admin.SimpleListFilter):
    title = "lead"
    parameter_name = "lead"

    def lookups(self, request, model_admin):
        return [("needed", "Needs a lead"), ("named", "Has a lead")]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return queryset.needing_a_lead()
        if self.value() == "named":
            return queryset.filter(lead__isnull=False)
        return queryset


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    fields = ["person", "joined_at", "left_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["left_at", "joined_at", "pk"]  # Those taking part now first.
    verbose_name = "participant"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """Projects with their lead and how many take part; "needs a lead" picks out those whose
    lead left. The Head names a new lead on the project's edit page on the site."""

    list_display = [
        "title",
        "community",
        "status",
        "lead_or_needed",
        "taking_part",
        "started_on",
        "completed_on",
    ]
    list_filter = ["status", NeedsALeadFilter, "community"]
    list_select_related = ["community", "lead"]
    search_fields = ["title", "community__name", "lead__full_name", "lead__email"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    readonly_fields = ["on_the_site"]
    inlines = [ProjectMemberInline]

    def get_queryset(self, request):
        live = Q(participants__left_at__isnull=True)
        return super().get_queryset(request).annotate(live_count=Count("participants", filter=live))

    @admin.display(description="lead", ordering="lead__full_name")
    def lead_or_needed(self, project: Project):
        if project.lead is not None:
            return project.lead
        return "Needs a lead" if project.needs_a_lead else "–"

    @admin.display(description="taking part", ordering="live_count")
    def taking_part(self, project: Project) -> int:
        return project.live_count

    @admin.display(description="on the site")
    def on_the_site(self, project: Project):
        return format_html(
            '<a href="{}">Project page</a> · <a href="{}">Edit, change its status or name a '
            "lead</a>",
            project.get_absolute_url(),
            reverse("project-edit", kwargs={"pk": project.pk}),
        )


@admin.register(ProjectMember)
class ProjectMemberAdmin(ReadOnlyAdmin):
    """Who takes part in which project, and who took part and left (rows are kept)."""

    list_display = ["person", "project", "joined_at", "left_at"]
    list_filter = ["project__status", "project__community"]
    list_select_related = ["person", "project"]
    search_fields = ["person__full_name", "person__email", "project__title"]
    date_hierarchy = "joined_at"
    ordering = ["-joined_at", "-pk"]


@admin.register(Resource)
class ResourceAdmin(ReadOnlyAdmin):
    """The communities' libraries; selected resources can be hidden (kept, but shown only to
    their author, the community's leads and the Head) and shown again."""

    list_display = ["title", "community", "kind", "shared_as", "author_or_former", "hidden"]
    list_filter = ["hidden", "kind", "community"]
    list_select_related = ["community", "author"]
    search_fields = ["title", "community__name", "author__full_name", "tags__name"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-pk"]
    actions = ["hide_selected", "unhide_selected"]
    fields = [
        "title",
        "community",
        "kind",
        "description",
        "tag_names",
        "url",
        "download",
        "author_or_former",
        "hidden",
        "created_at",
        "updated_at",
    ]
    # The stored `file` itself is left out: its storage URL would skip the download view's
    # permission check and attachment headers, so `download` links to that view instead.
    readonly_fields = ["tag_names", "download", "author_or_former"]

    @admin.display(description="shared as")
    def shared_as(self, resource: Resource) -> str:
        if resource.file:
            return f"File ({filesizeformat(resource.file_size or 0)})"
        return "Link"

    @admin.display(description="author", ordering="author__full_name")
    def author_or_former(self, resource: Resource):
        return resource.author or FORMER_MEMBER

    @admin.display(description="tags")
    def tag_names(self, resource: Resource) -> str:
        return ", ".join(resource.tags.values_list("name", flat=True)) or "–"

    @admin.display(description="file")
    def download(self, resource: Resource):
        if not resource.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a> ({}, {})',
            reverse("resource-file", kwargs={"pk": resource.pk}),
            resource.file_name,
            resource.file_type,
            filesizeformat(resource.file_size or 0),
        )

    @admin.action(description="Hide selected resources", permissions=["change"])
    def hide_selected(self, request, queryset: QuerySet[Resource]):
        """Hide each resource with `services.hide_resource`; those already hidden stay so."""
        self._set_hidden(request, queryset, services.hide_resource, "Hid", "hidden")

    @admin.action(description="Show selected resources again", permissions=["change"])
    def unhide_selected(self, request, queryset: QuerySet[Resource]):
        """Show each hidden resource again with `services.unhide_resource`."""
        self._set_hidden(request, queryset, services.unhide_resource, "Showed", "shown")

    def _set_hidden(self, request, queryset, change, done: str, state: str) -> None:
        changed = unchanged = 0
        for resource in queryset.order_by("pk"):
            try:
                if change(resource=resource, by=request.user):
                    changed += 1
                else:
                    unchanged += 1
            except services.ActivityError as error:
                self.message_user(
                    request, f"“{resource}” not changed: {error.message}", messages.ERROR
                )
        if changed:
            self.message_user(request, f"{done} {plural(changed, 'resource')}.", messages.SUCCESS)
        if unchanged:
            self.message_user(
                request,
                f"{plural(unchanged, 'resource')} {'was' if unchanged == 1 else 'were'} "
                f"already {state}; nothing changed.",
                messages.INFO,
            )
