"""Resources: the links and files a community shares in its library.

Any active member of a launched community adds them; the author (or the Head) edits and
deletes their own; the community's leads (or the Head) hide one, which keeps it but shows it
only to its author, the leads and the Head. Every write checks who is asking under a row lock:
adding locks the author and then the community, as scheduling a session does, so a membership
cannot end half-way; changing locks the resource.

A file is checked by content (`activities.uploads`) before anything is stored, stored under a
random name through the default storage (`STORAGES["default"]`: a folder in development, object
storage in production), and downloads under its sanitised name. A stored file that its row no
longer needs (replaced, or its resource deleted) is removed after the change commits; a file
stored for a change that then fails is removed at once.
"""

import uuid
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from communities.models import Community
from communities.versions import bump_community
from membership.models import Person

from .. import permissions, uploads
from ..models import Resource, ResourceTag
from .errors import ActivityError, NotAllowed
from .locks import lock_people_then_community

MAX_TAGS = 10
TAG_MAX_LENGTH = ResourceTag._meta.get_field("name").max_length


class InvalidResource(ActivityError):
    """A resource that cannot be saved as given: `field` names the form field it is about."""

    code = "invalid_resource"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.field = field
        if code:
            self.code = code


def parse_tags(tags: str | Iterable[str]) -> list[str]:
    """Tags from "Budgets, Power BI" or a list: trimmed, lower-case, single-spaced, without
    duplicates, in the order given. Too many, or one too long, is refused."""
    if isinstance(tags, str):
        tags = tags.split(",")
    names: list[str] = []
    for tag in tags:
        name = " ".join(tag.split()).lower().strip("#")
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise InvalidResource(f"Give at most {MAX_TAGS} tags.", field="tags")
    if too_long := [name for name in names if len(name) > TAG_MAX_LENGTH]:
        raise InvalidResource(
            f"Keep each tag to {TAG_MAX_LENGTH} characters: “{too_long[0][:50]}…” is longer.",
            field="tags",
        )
    return names


def add_resource(
    *,
    community: Community,
    author: Person,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file=None,
    tags: str | Iterable[str] = (),
) -> Resource:
    """Add a link (`url`) or a file (`file`, a Django File) to the library of `community`.

    Only active members (core or wider) of a launched community may; anyone else is refused
    with NotAllowed. Exactly one of a link or a file; the file must pass the content check.
    """
    url = (url or "").strip()
    _one_of(url=url, file=file)
    checked = uploads_check(file) if file else None
    names = parse_tags(tags)
    with transaction.atomic():
        community = lock_people_then_community([author], community)
        if not permissions.can_add_resource(author, community):
            raise NotAllowed(
                f"Only members of {community.name} can add to its library"
                + (": join the community first." if community.accepts_members else ".")
            )
        now = timezone.now()
        resource = Resource(
            community=community,
            author=author,
            title=(title or "").strip(),
            kind=kind,
            description=(description or "").strip(),
            url=url,
            created_at=now,
            updated_at=now,
        )
        with _file_stored(resource, file, checked):
            _validate(resource)
            resource.save()
            ResourceTag.objects.bulk_create(
                ResourceTag(resource=resource, name=name) for name in names
            )
    return resource


def update_resource(
    *,
    resource: Resource,
    by: Person,
    title: str,
    kind: str,
    description: str = "",
    url: str = "",
    file=None,
    tags: str | Iterable[str] = (),
) -> Resource:
    """Change a resource: its author or the Head only (NotAllowed otherwise).

    A new `file` replaces the old file or the link; a `url` with no file turns a file into a
    link; neither keeps the file it has (a link cannot be emptied). The tags become `tags`.
    """
    url = (url or "").strip()
    if url and file:
        _one_of(url=url, file=file)
    checked = uploads_check(file) if file else None
    names = parse_tags(tags)
    with transaction.atomic():
        resource = _lock(resource)
        if not permissions.can_edit_resource(by, resource):
            raise NotAllowed("Only the person who shared this resource and the Head can change it.")
        old_file = resource.file.name
        if not file and not url and not old_file:
            _one_of(url=url, file=file)
        resource.title = (title or "").strip()
        resource.kind = kind
        resource.description = (description or "").strip()
        resource.updated_at = timezone.now()
        if url and not file:
            resource.url = url
            _forget_file(resource)
        elif file:
            resource.url = ""
        with _file_stored(resource, file, checked):
            _validate(resource)
            resource.save()
            _replace_tags(resource, names)
        if old_file and old_file != resource.file.name:
            _delete_after_commit(old_file)
    return resource


def delete_resource(*, resource: Resource, by: Person) -> None:
    """Delete a resource and, after commit, its file: its author or the Head only."""
    with transaction.atomic():
        resource = _lock(resource)
        if not permissions.can_edit_resource(by, resource):
            raise NotAllowed("Only the person who shared this resource and the Head can delete it.")
        stored = resource.file.name
        resource.delete()
        if stored:
            _delete_after_commit(stored)


def hide_resource(*, resource: Resource, by: Person) -> bool:
    """Hide a resource: it stays, but only its author, the community's leads and the Head see
    it. The community's leads and the Head only. False when it was already hidden."""
    return _set_hidden(resource, by=by, hidden=True)


def unhide_resource(*, resource: Resource, by: Person) -> bool:
    """Show a hidden resource again. The community's leads and the Head only. False when it
    was not hidden."""
    return _set_hidden(resource, by=by, hidden=False)


# Helpers ---------------------------------------------------------------------------------------


def uploads_check(file) -> uploads.CheckedUpload:
    """The content check, as the services' refusal."""
    try:
        return uploads.check_upload(file)
    except uploads.UploadRefused as refusal:
        raise InvalidResource(refusal.message, field="file", code=refusal.code) from None


def _one_of(*, url: str, file) -> None:
    if url and file:
        raise InvalidResource(
            "Give a link or choose a file, not both: a resource is one or the other.",
            field="url",
        )
    if not url and not file:
        raise InvalidResource("Give a link, or choose a file to share.", field="url")


def _lock(resource: Resource) -> Resource:
    # of=("self",): lock the resource only, not the joined community and author rows.
    return (
        Resource.objects.select_for_update(of=("self",))
        .select_related("community", "author")
        .get(pk=resource.pk)
    )


def _set_hidden(resource: Resource, *, by: Person, hidden: bool) -> bool:
    with transaction.atomic():
        resource = _lock(resource)
        if not permissions.can_hide_resource(by, resource):
            raise NotAllowed(
                f"Only the leads of {resource.community.name} and the Head can hide or show "
                "its resources."
            )
        if resource.hidden == hidden:
            return False
        Resource.objects.filter(pk=resource.pk).update(hidden=hidden)
        bump_community(resource.community_id)  # update() sends no signal to do it
    return True


def _validate(resource: Resource) -> None:
    """A title; lengths, the kind's choices and the link's scheme, as the model knows them."""
    if not resource.title:
        raise InvalidResource("Give the resource a title.", field="title")
    try:
        resource.full_clean(validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise InvalidResource(
            " ".join(messages), field=None if field == "__all__" else field
        ) from None


def _replace_tags(resource: Resource, names: list[str]) -> None:
    current = set(resource.tags.values_list("name", flat=True))
    resource.tags.exclude(name__in=names).delete()
    ResourceTag.objects.bulk_create(
        ResourceTag(resource=resource, name=name) for name in names if name not in current
    )


def _forget_file(resource: Resource) -> None:
    resource.file = ""
    resource.file_name = ""
    resource.file_type = ""
    resource.file_size = None


def _storage():
    return Resource._meta.get_field("file").storage


def _delete_after_commit(name: str) -> None:
    transaction.on_commit(lambda: _storage().delete(name))


class _file_stored:
    """Store `file` on `resource` (under a random name) for the block; if the block fails,
    remove what was stored, so a refused change leaves no file behind."""

    def __init__(self, resource: Resource, file, checked: uploads.CheckedUpload | None):
        self.resource, self.file, self.checked = resource, file, checked
        self.stored = ""

    def __enter__(self):
        if self.file and self.checked:
            self.file.seek(0)
            stored_as = f"{uuid.uuid4().hex}{self.checked.extension}"
            self.resource.file.save(stored_as, self.file, save=False)
            self.stored = self.resource.file.name
            self.resource.file_name = self.checked.name
            self.resource.file_type = self.checked.content_type
            self.resource.file_size = self.checked.size
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is not None and self.stored:
            _storage().delete(self.stored)
        return False
