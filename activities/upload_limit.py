"""Stopping an oversized upload while the request is read, before it reaches the disk.

Django reads a request's files as soon as a view asks for `request.POST` or `request.FILES`,
keeping small ones in memory and writing larger ones to a temporary file. A handler put in front
of Django's own stops taking a file's bytes once it passes `RESOURCE_MAX_UPLOAD_BYTES`, the same
limit `activities.uploads.check_upload` applies, so a 2 GB upload costs no disk at all.
"""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

from .uploads import describe_size, max_upload_bytes, sanitise_file_name


class UploadSizeLimit(FileUploadHandler):
    """Stop reading an uploaded file as soon as it passes `RESOURCE_MAX_UPLOAD_BYTES`.

    The rest of that file is read from the request and dropped, not written anywhere; the other
    fields arrive as usual, and `request.too_large_uploads` maps the field to the file's name so
    the form can say why. Install it first, before the request's body is read.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_upload_bytes():
            too_large = getattr(self.request, "too_large_uploads", {})
            too_large[self.field_name] = sanitise_file_name(self.file_name or "")
            self.request.too_large_uploads = too_large
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def limit_upload_size(request) -> None:
    """Put `UploadSizeLimit` in front of the request's upload handlers (before its body is
    read: the view must be csrf_exempt outside and csrf_protect inside)."""
    request.upload_handlers.insert(0, UploadSizeLimit(request))


def too_large_message(name: str) -> str:
    return (
        f"“{name or 'The file'}” is more than {describe_size(max_upload_bytes())}, the largest "
        "file that can be shared. Make it smaller (for example, save a PDF with smaller "
        "images), or share a link to it instead."
    )
