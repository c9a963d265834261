"""Spreadsheet import and export in the admin.

Exports use django-import-export resources whose columns are exactly the
import formats of the services, so an exported file can be corrected and
imported again. Imports that carry business meaning go through the services:
agencies row by row (`AgencyResource` saves through agency_create/update),
frameworks and scores as whole files (indices.services: framework_import,
index_scores_import), because those services validate the file as a whole
and save it atomically.
"""

from __future__ import annotations

from import_export import resources
from import_export.formats import base_formats
from import_export.results import Result

# Offered in the admin: what officials open in Excel.
FORMATS = [base_formats.XLSX, base_formats.CSV]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class SpreadsheetRowsResult(Result):
    """Row numbers as a spreadsheet shows them: the header is row 1."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + 1, row, validation_error)

    def append_error_row(self, number, row, errors):
        super().append_error_row(number + 1, row, errors)


class SafeExportResource(resources.ModelResource):
    """Exported text never starts like a spreadsheet formula (=, +, -, @)."""

    @classmethod
    def get_result_class(cls):
        return SpreadsheetRowsResult

    def export_field(self, field, instance, **kwargs):
        value = super().export_field(field, instance, **kwargs)
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            return "'" + value
        return value


class FileTransferMixin:
    """Import and export buttons for staff allowed to do the writes and reads."""

    formats = FORMATS

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)
