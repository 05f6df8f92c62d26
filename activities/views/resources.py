"""The resource library: a community's library, the programme-wide one, a resource's page, and
adding, editing, deleting and hiding resources (downloading a file is in `resource_files`).

Every page here is for signed-in staff: an anonymous person is sent to sign in and comes back
(to the page asked for, or, after a POST, to the page the action belongs to). A hidden resource
answers 404 to everyone but its author, its community's leads and the Head, as an unknown id
does; someone who may see a resource but not change it gets a 403 that says who can. The
services decide everything else, and their refusals show on the form or as a message.

Adding and editing take files, so their views put `uploads.UploadSizeLimit` in front of the
request's upload handlers before the body is read: that is why they are csrf_exempt outside and
csrf_protect inside, as Django's documentation describes.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from communities.models import Community

from .. import permissions, services, upload_limit, uploads
from ..filters import ResourceFilter, popular_tags, resources_for
from ..models import Resource
from ..resource_forms import ResourceForm, resource_initial
from .common import get_community, sign_in_first

RESOURCES_PER_PAGE = 20

sign_in_to_see_resource = sign_in_first(
    "resource-detail", message="Please sign in first. You will come back to the resource."
)
sign_in_to_see_library = sign_in_first(
    "community-resources", message="Please sign in first. You will come back to the library."
)


def get_resource(pk: int, person) -> Resource:
    """The resource with this id, if `person` may see it; otherwise a friendly 404, the same
    whether it does not exist or is hidden from them."""
    resource = (
        Resource.objects.select_related("community__practice_area", "author")
        .prefetch_related("tags")
        .filter(pk=pk)
        .first()
    )
    if resource is None or not permissions.can_see_resource(person, resource):
        raise Http404("No resource has that address.")
    return resource


def _refuse(request, reason: str, *, community: Community, resource: Resource | None = None):
    """A 403 page that says who may do this, with a way back."""
    context = {"reason": reason, "community": community, "resource": resource}
    return render(request, "activities/resource_refused.html", context, status=403)


def _cannot_add(request, community: Community):
    if community.status == Community.Status.CLOSED:
        reason = f"{community.name} has closed, so its library takes no new resources."
    elif community.status == Community.Status.PREPARING:
        reason = f"{community.name} has not launched yet, so its library is not open."
    else:
        reason = (
            f"Only members of {community.name} can add to its library. Join the community, "
            "as a core or wider member, and you can share what you know."
        )
    return _refuse(request, reason, community=community)


def _library(request, *, community: Community | None):
    resources = resources_for(request.user)
    found = ResourceFilter(request.GET, queryset=resources, community=community)
    page = Paginator(found.qs, RESOURCES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "activities/resource_list.html",
        {
            "community": community,
            "filter": found,
            "form": found.form,
            "page": page,
            "tags": popular_tags(found.queryset),
            "chosen_tag": found.form.cleaned_data.get("tag", "") if found.form.is_valid() else "",
            "can_add": community is not None
            and permissions.can_add_resource(request.user, community),
        },
    )


@require_safe
@sign_in_to_see_library
def community_library(request, slug: str):
    """Render a community's library, newest first, with its search, filters and most used
    tags, and "Add a resource" for its members."""
    return _library(request, community=get_community(slug))


@require_safe
@sign_in_first("resources", message="Please sign in first.")
def library(request):
    """Render every community's resources, newest first, searchable and filtered by community,
    kind and tag."""
    return _library(request, community=None)


@require_safe
@sign_in_to_see_resource
def resource_detail(request, pk: int):
    """Render a resource: its link or file, description, tags, who shared it and when, and what
    the person may do with it."""
    resource = get_resource(pk, request.user)
    return render(
        request,
        "activities/resource_detail.html",
        {
            "resource": resource,
            "community": resource.community,
            "can_edit": permissions.can_edit_resource(request.user, resource),
            "can_hide": permissions.can_hide_resource(request.user, resource),
            "file_kind": uploads.describe_type(resource.file_type),
        },
    )


@csrf_exempt
def resource_new(request, slug: str):
    """Add a resource to a community's library (see `_resource_new`)."""
    upload_limit.limit_upload_size(request)
    return _resource_new(request, slug=slug)


@csrf_protect
@require_http_methods(["GET", "POST"])
@sign_in_to_see_library
def _resource_new(request, slug: str):
    """Render the form to add a link or a file (GET), or add it and go to its page (POST).
    Only the community's members may; others get a 403 that says how to become one."""
    community = get_community(slug)
    if not permissions.can_add_resource(request.user, community):
        return _cannot_add(request, community)
    posted = request.method == "POST"
    form = ResourceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=getattr(request, "too_large_uploads", {}).get("file", ""),
    )
    if posted and form.is_valid():
        try:
            resource = services.add_resource(
                community=community, author=request.user, **form.service_fields()
            )
        except services.NotAllowed:
            return _cannot_add(request, community)
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                f"“{resource.title}” is in the {community.name} library. Thank you for sharing it.",
            )
            return redirect(resource)
    return render(
        request,
        "activities/resource_form.html",
        {"form": form, "community": community, "resource": None},
    )


@csrf_exempt
def resource_edit(request, pk: int):
    """Edit a resource (see `_resource_edit`)."""
    upload_limit.limit_upload_size(request)
    return _resource_edit(request, pk=pk)


@csrf_protect
@require_http_methods(["GET", "POST"])
@sign_in_to_see_resource
def _resource_edit(request, pk: int):
    """Render the resource's form (GET), or save the changes and go back to its page (POST):
    its author and the Head only."""
    resource = get_resource(pk, request.user)
    community = resource.community
    if not permissions.can_edit_resource(request.user, resource):
        return _refuse(
            request,
            "Only the person who shared this resource and the Head of Communities of "
            "Practice can change it.",
            community=community,
            resource=resource,
        )
    posted = request.method == "POST"
    form = ResourceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial=resource_initial(resource),
        resource=resource,
        too_large=getattr(request, "too_large_uploads", {}).get("file", ""),
    )
    if posted and form.is_valid():
        if not form.has_changed():
            messages.info(request, "You did not change anything, so nothing was saved.")
            return redirect(resource)
        try:
            resource = services.update_resource(
                resource=resource, by=request.user, **form.service_fields()
            )
        except services.NotAllowed:
            return _refuse(
                request,
                "Only the person who shared this resource and the Head can change it.",
                community=community,
                resource=resource,
            )
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, f"Your changes to “{resource.title}” are saved.")
            return redirect(resource)
    return render(
        request,
        "activities/resource_form.html",
        {"form": form, "community": community, "resource": resource},
    )


@require_POST
@sign_in_to_see_resource
def resource_delete(request, pk: int):
    """Without confirm=1, render what deleting would mean (nothing written); with it, delete
    the resource and its file and go to the community's library. Its author and the Head only.
    A resource already deleted (a double click) is reported as gone."""
    if not Resource.objects.filter(pk=pk).exists():
        messages.info(request, "That resource is no longer in the library.")
        return redirect("resources")
    resource = get_resource(pk, request.user)
    community = resource.community
    if not permissions.can_edit_resource(request.user, resource):
        return _refuse(
            request,
            "Only the person who shared this resource and the Head of Communities of "
            "Practice can delete it. If it should not be here, tell the community's leads: "
            "they can hide it.",
            community=community,
            resource=resource,
        )
    if request.POST.get("confirm") != "1":
        return render(request, "activities/resource_delete.html", {"resource": resource})
    try:
        services.delete_resource(resource=resource, by=request.user)
    except services.ActivityError as exc:
        messages.error(request, exc.message)
        return redirect(resource)
    messages.success(request, f"“{resource.title}” is deleted from the library.")
    return redirect("community-resources", slug=community.slug)


@require_POST
@sign_in_to_see_resource
def resource_hide(request, pk: int):
    """Hide a resource (or, with hidden=0, show it again) and go back to its page: the
    community's leads and the Head only."""
    resource = get_resource(pk, request.user)
    if not permissions.can_hide_resource(request.user, resource):
        return _refuse(
            request,
            f"Only the leads of {resource.community.name} and the Head of Communities of "
            "Practice can hide or show its resources.",
            community=resource.community,
            resource=resource,
        )
    hide = request.POST.get("hidden", "1") != "0"
    change = services.hide_resource if hide else services.unhide_resource
    try:
        changed = change(resource=resource, by=request.user)
    except services.ActivityError as exc:
        messages.error(request, exc.message)
        return redirect(resource)
    if hide:
        text = (
            f"“{resource.title}” is hidden. Only its author, the leads of "
            f"{resource.community.name} and the Head can see it now."
            if changed
            else f"“{resource.title}” was already hidden."
        )
    else:
        text = (
            f"“{resource.title}” is back in the library for everyone."
            if changed
            else f"“{resource.title}” is not hidden."
        )
    (messages.success if changed else messages.info)(request, text)
    return redirect(resource)
