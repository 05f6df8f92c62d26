"""Imports for the Head of CoPs: preview, then confirm, and a file goes in whole or not at all.

`WholeFileImportMixin` is the ModelAdmin side (django-import-export's import views);
`WholeFileResource` is what both resources in `resources.py` share. The uploaded file waits
between preview and confirmation in `previews.py`, for an hour at most.
"""

from typing import Any

from diff_match_patch import diff_match_patch
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from import_export import resources
from import_export.admin import ImportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm, ImportForm
from import_export.results import RowResult

from .previews import PreviewExpired, remove_stale_previews


def describe_size(size: int) -> str:
    """A size as people read it, in whole kilobytes or megabytes to one decimal place."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, size // 1024)} KB"


class LimitedImportForm(ImportForm):
    """The upload step: a file over `IMPORT_MAX_UPLOAD_BYTES` is an error on the form, before
    it is read, so a huge file costs no preview."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"“{upload.name}” is {describe_size(upload.size)}; a file to import can be up to "
                f"{describe_size(limit)}. Split it into smaller files and import each in turn.",
                code="too_large",
            )
        return upload


class PreviewConfirmForm(ConfirmImportForm):
    """The confirm step's hidden fields, checked: the preview's name as `previews.py` makes
    them, and a format and resource that exist (set by `WholeFileImportMixin`)."""

    import_file_name = forms.RegexField(r"\A[0-9a-f]{32}\Z", widget=forms.HiddenInput())
    format = forms.TypedChoiceField(coerce=int, choices=(), widget=forms.HiddenInput())
    resource = forms.TypedChoiceField(
        coerce=int, choices=(), required=False, empty_value=0, widget=forms.HiddenInput()
    )


class WholeFileImportMixin(ImportMixin):
    """django-import-export's preview-then-confirm import, all or nothing.

    The preview is a dry run in a transaction that is rolled back. The confirmed run is also one
    transaction, rolled back if any row fails (the data may have changed since the preview), so
    a file is imported whole or not at all.
    """

    import_formats = [CSV, XLSX]
    import_template_name = "admin/membership/import.html"
    import_form_class = LimitedImportForm
    confirm_form_class = PreviewConfirmForm

    def import_action(self, request: HttpRequest, **kwargs):
        """The upload and preview page. Each visit removes the previews nobody confirmed within
        the hour, and a preview with errors (which cannot be confirmed) is removed at once."""
        remove_stale_previews()
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        cleaned = getattr(context.get("form"), "cleaned_data", {})
        name = getattr(cleaned.get("import_file"), "tmp_storage_name", None)
        if name and "confirm_form" not in context:
            self.get_tmp_storage_class()(name=name).remove()
        return response

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        form.fields["format"].choices = [(str(i), i) for i in range(len(self.import_formats))]
        resources_count = len(self.get_import_resource_classes(request))
        form.fields["resource"].choices = [(str(i), i) for i in range(resources_count)]
        return form

    def process_import(self, request: HttpRequest, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except PreviewExpired:
            messages.error(
                request,
                "Nothing was imported: that preview is more than an hour old, or was already "
                "imported. Upload the file again to see a fresh preview.",
            )
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
            )

    def add_success_message(self, result, request) -> None:
        """Say what the import did in the portal's words: only what happened, no "0 deleted"."""
        totals = result.totals
        added, updated = totals[RowResult.IMPORT_TYPE_NEW], totals[RowResult.IMPORT_TYPE_UPDATE]
        unchanged = totals[RowResult.IMPORT_TYPE_SKIP]
        opts = self.opts

        def things(count: int) -> str:
            return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"

        done = [f"{things(added)} added"] if added else []
        if updated:
            done.append(f"{updated if done else things(updated)} updated")
        if not done:
            message = f"Nothing needed changing: {things(unchanged)} already as in the file."
        else:
            message = "Imported: " + " and ".join(done)
            if unchanged:
                message += f"; {unchanged} already as in the file"
            message += "."
        messages.success(request, message)

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


# Resources -------------------------------------------------------------------------------------


def _normalise_headers(dataset, aliases: dict[str, str]) -> None:
    """Read headers case-insensitively, with spaces or underscores, and common alternatives."""
    if not dataset.headers:
        return
    headers = []
    for header in dataset.headers:
        name = " ".join(str(header or "").replace("_", " ").split()).lower()
        headers.append(aliases.get(name, name))
    dataset.headers = headers


def tidy(row: dict[str, Any]) -> None:
    """Strip spaces around text; spreadsheets' empty cells arrive as None."""
    for key, value in row.items():
        if value is None:
            row[key] = ""
        elif isinstance(value, str):
            row[key] = value.strip()


class StyleFreeDiff(resources.Diff):
    """The preview's old → new marks without inline styles, which the admin's CSP blocks.

    django-import-export's own diff writes `<ins style="...">`; its import.css colours plain
    `ins` and `del` in the preview table already.
    """

    TAGS = {diff_match_patch.DIFF_INSERT: "ins", diff_match_patch.DIFF_DELETE: "del"}

    def as_html(self):
        matcher = diff_match_patch()
        cells = []
        for old, new in zip(self.left, self.right, strict=False):
            if old != new and self.new:
                old = ""
            diff = matcher.diff_main(force_str(old), force_str(new))
            matcher.diff_cleanupSemantic(diff)
            cells.append(
                format_html_join(
                    "",
                    "<{}>{}</{}>",
                    (
                        (self.TAGS.get(op, "span"), text, self.TAGS.get(op, "span"))
                        for op, text in diff
                        if text
                    ),
                )
            )
        return cells


class WholeFileResource:
    """A resource mixin: tidy headers, name errors by column, and refuse repeated rows."""

    def get_diff_class(self):
        return StyleFreeDiff

    def before_import(self, dataset, **kwargs):
        self._first_row_for: dict[Any, int] = {}
        _normalise_headers(dataset, self.header_aliases)
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            raise ValueError(
                f"The file has {len(dataset):,} rows; import at most "
                f"{settings.IMPORT_MAX_ROWS:,} at a time. Split it into smaller files."
            )
        missing = [name for name in self.required_columns if name not in (dataset.headers or [])]
        if missing:
            raise ValueError(
                "The file needs these columns: "
                + ", ".join(self.required_columns)
                + ". Missing: "
                + ", ".join(missing)
                + "."
            )
        return super().before_import(dataset, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Name each error by its column in the file, not by the model's field."""
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            columns = {field.attribute: field.column_name for field in self.fields.values()}
            raise ValidationError(
                {columns.get(key, key): messages for key, messages in error.message_dict.items()}
            ) from None

    def refuse_repeat(self, key: Any, row_number: int, field: str, message: str) -> None:
        first = self._first_row_for.setdefault(key, row_number)
        if first != row_number:
            raise ValidationError({field: message.format(row=first)})
