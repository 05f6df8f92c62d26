"""Project pages: a project, proposing one, taking part, and editing it.

Everyone sees a project; signed-in staff also see who takes part (except people hidden from
lists). Proposing is for the community's active core members; joining and leaving for its
members, core or wider; editing, changing status and naming a lead for the project's lead,
the community's leads and the Head (`activities.permissions`). A person who may see a page
but not act gets 403; an unknown id or slug is a 404. The services decide everything else,
and their refusals are shown on the form, or as a message.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from communities.models import Community

from .. import permissions, project_selectors, services
from ..models import Project
from ..project_forms import ProjectEditForm, ProjectProposalForm
from .common import get_community, sign_in_first

sign_in_to_act_on_project = sign_in_first(
    "project-detail", message="Please sign in first. You will come back to the project."
)


def _get_project(pk: int) -> Project:
    project = project_selectors.project_for_page(pk)
    if project is None:
        raise Http404("No project has that address.")
    return project


def project_detail(request, pk: int):
    """Render a project: its status, lead (or "needs a lead"), aim and outcome, who takes part
    (names for signed-in staff, a count for everyone else), and the person's own part in it."""
    project = _get_project(pk)
    person = request.user if request.user.is_authenticated else None
    context = {
        "project": project,
        "community": project.community,
        "place": None,
        "participants": None,
        "can_take_part": False,
        "can_manage": False,
        "is_member": False,
    }
    if person is not None:
        participants = list(project_selectors.listed_participants(project))
        context.update(
            place=project_selectors.live_place(project, person),
            participants=participants,
            unlisted=project.participant_count - len(participants),
            can_take_part=permissions.can_take_part(person, project),
            can_manage=permissions.can_manage_project(person, project),
        )
    return render(request, "activities/project_detail.html", context)


@require_http_methods(["GET", "POST"])
@sign_in_first(
    "community-detail", message="Please sign in first. You will come back to the community."
)
def project_new(request, slug: str):
    """Render the form to propose a project of this community (GET), or propose it, led by
    the person proposing, and go to its page (POST)."""
    community = get_community(slug)
    if community.status == Community.Status.CLOSED:
        messages.error(request, f"{community.name} has closed, so it takes no new projects.")
        return redirect(community)
    if not permissions.can_propose_project(request.user, community):
        raise PermissionDenied("Only the community's active core members can propose projects.")
    form = ProjectProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = services.propose_project(
                community=community, by=request.user, **form.cleaned_data
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(
                request,
                f"“{project.title}” is proposed, and you lead it. It is on {community.name}'s "
                "page, where members can join it.",
            )
            return redirect(project)
    return render(
        request,
        "activities/project_form.html",
        {"form": form, "community": community, "project": None},
    )


@require_POST
@sign_in_to_act_on_project
def project_join(request, pk: int):
    """Take part in the project, as a member of its community, and go back to its page."""
    project = _get_project(pk)
    try:
        services.join_project(project=project, person=request.user)
    except services.NotAllowed as exc:
        raise PermissionDenied(exc.message) from exc
    except services.AlreadyTakingPart as exc:
        messages.info(request, exc.message)
    except services.ActivityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"You are taking part in “{project.title}”. Signed-in staff see your name on its "
            "page, unless you hide yourself from lists in your settings.",
        )
    return redirect(project)


@require_POST
@sign_in_to_act_on_project
def project_leave(request, pk: int):
    """Stop taking part in the project and go back to its page."""
    project = _get_project(pk)
    try:
        services.leave_project(project=project, person=request.user)
    except services.NotTakingPart as exc:
        messages.info(request, exc.message)
    except services.ActivityError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You are no longer taking part in “{project.title}”.")
    return redirect(project)


@require_http_methods(["GET", "POST"])
@sign_in_to_act_on_project
def project_edit(request, pk: int):
    """Render the project's form (GET), or save the changes (title, aim, status, outcome,
    lead) and go back to its page (POST)."""
    project = _get_project(pk)
    if not permissions.can_manage_project(request.user, project):
        raise PermissionDenied("Only the project's lead, the community's leads and the Head.")
    form = ProjectEditForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        if not changes:
            messages.info(request, "You did not change anything, so nothing was saved.")
            return redirect(project)
        try:
            change = services.update_project(project=project, by=request.user, **changes)
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from exc
        except services.ActivityError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _saved_message(change, by=request.user))
            return redirect(change.project)
    return render(
        request,
        "activities/project_form.html",
        {"form": form, "community": project.community, "project": project},
    )


def _saved_message(change: services.ProjectChange, *, by) -> str:
    project = change.project
    text = f"Your changes to “{project.title}” are saved."
    if "status" in change.changed:
        if project.status == Project.Status.COMPLETED:
            text = f"“{project.title}” is completed. Its outcome is on its page."
        else:
            text += f" It is now {project.get_status_display().lower()}."
    if "lead" in change.changed and project.lead is not None:
        if project.lead_id == by.pk:
            text += " You now lead it."
        else:
            text += f" {project.lead.display_name} now leads it, and we have emailed them."
    return text
