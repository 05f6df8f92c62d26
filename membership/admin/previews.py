"""Where an uploaded import file waits between its preview and the Head's confirmation.

The file holds names and email addresses, so it waits for `IMPORT_PREVIEW_MAX_AGE` seconds (an
hour) at most: confirming removes it, a preview with errors is removed at once
(`WholeFileImportMixin.import_action`), and one nobody confirmed is removed by the next visit to
an import page. On one machine the files wait in a folder of their own, readable by the portal
alone; with several app containers, in the shared cache, which forgets them after the hour.
`IMPORT_EXPORT_TMP_STORAGE_CLASS` names one of the two storages below.
"""

import os
import tempfile
import time
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from import_export.tmp_storages import CacheStorage, TempFolderStorage


class PreviewExpired(Exception):
    """The preview's file is gone: more than an hour old, or already imported."""


def preview_folder() -> Path:
    return Path(settings.IMPORT_PREVIEW_DIR or Path(tempfile.gettempdir()) / "cop-import-previews")


def remove_stale_previews(max_age: int | None = None) -> int:
    """Remove the preview files older than `max_age` seconds (`IMPORT_PREVIEW_MAX_AGE` unless
    told; 0 removes every one, as anonymising someone does); return how many."""
    folder = preview_folder()
    if not folder.is_dir():
        return 0
    oldest = time.time() - (settings.IMPORT_PREVIEW_MAX_AGE if max_age is None else max_age)
    removed = 0
    for path in folder.iterdir():
        try:
            if path.is_file() and path.stat().st_mtime <= oldest:
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue  # another request removed it first
    return removed


class PreviewFileStorage(TempFolderStorage):
    """A preview's file in the portal's own folder, named by a random id, never by the upload.

    The name comes back from the confirm form, which accepts only such an id, so a crafted form
    cannot read or remove any other file.
    """

    def save(self, data: bytes) -> None:
        remove_stale_previews()
        folder = preview_folder()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.name = uuid4().hex
        descriptor = os.open(self.get_full_path(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)

    def read(self):
        path = Path(self.get_full_path())
        try:
            if path.stat().st_mtime < time.time() - settings.IMPORT_PREVIEW_MAX_AGE:
                path.unlink(missing_ok=True)
                raise PreviewExpired
            return super().read()
        except FileNotFoundError:
            raise PreviewExpired from None

    def remove(self) -> None:
        Path(self.get_full_path()).unlink(missing_ok=True)

    def get_full_path(self) -> str:
        return str(preview_folder() / self.name)


class PreviewCacheStorage(CacheStorage):
    """A preview's file in the shared cache, forgotten after `IMPORT_PREVIEW_MAX_AGE`."""

    @property
    def CACHE_LIFETIME(self) -> int:  # the name django-import-export reads
        return settings.IMPORT_PREVIEW_MAX_AGE

    def read(self):
        data = super().read()
        if data is None:
            raise PreviewExpired
        return data
