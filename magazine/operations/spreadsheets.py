"""The admin's spreadsheet exports, with no cell a spreadsheet would run as a formula.

Wagtail's reports (site history, locked pages, aging pages, workflows and their tasks) and the
redirects listing export CSV files whose cells hold what contributors typed: a page titled
`=HYPERLINK("http://…")` would become a live formula in the editor's spreadsheet (CSV
injection). Their XLSX exports are safe already (Wagtail stores such cells as text).

`FormulaSafeExportMixin` prefixes those cells with an apostrophe, through the mixin's own
extension point (`SpreadsheetExportMixin.preprocess_field_value`). Wagtail offers no hook to
swap its report views, so `urlpatterns` serves the same addresses with subclasses: the project's
URLconf includes them just before Wagtail's admin, which they take precedence over. URL names
and links stay Wagtail's.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView
from wagtail.contrib.redirects.views import IndexView as RedirectIndexView
from wagtail.utils.urlpatterns import decorate_urlpatterns

# What makes Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value):
    """A cell's value that no spreadsheet runs: an apostrophe before a formula's first sign."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return f"'{value}"
    return value


class FormulaSafeExportMixin:
    """For a view with Wagtail's SpreadsheetExportMixin: CSV cells are never formulas."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return neutralised(value) if export_format == self.FORMAT_CSV else value


class SiteHistoryView(FormulaSafeExportMixin, LogEntriesView):
    pass


class LockedPagesReportView(FormulaSafeExportMixin, LockedPagesView):
    pass


class AgingPagesReportView(FormulaSafeExportMixin, AgingPagesView):
    pass


class WorkflowReportView(FormulaSafeExportMixin, WorkflowView):
    pass


class WorkflowTasksReportView(FormulaSafeExportMixin, WorkflowTasksView):
    pass


class RedirectsView(FormulaSafeExportMixin, RedirectIndexView):
    pass


def _listing(route, view, name):
    """A listing and its results (which the filters refresh, and which can export too)."""
    return [
        path(route, view.as_view(), name=name),
        path(f"{route}results/", view.as_view(results_only=True), name=f"{name}_results"),
    ]


app_name = "spreadsheets"
# Wagtail's addresses (wagtail/admin/urls/reports.py, wagtail/contrib/redirects/urls.py), under
# the admin's prefix, with the admin's access check and no caching, as Wagtail decorates them.
urlpatterns = decorate_urlpatterns(
    [
        *_listing("reports/site-history/", SiteHistoryView, "site_history"),
        *_listing("reports/locked/", LockedPagesReportView, "locked_pages"),
        *_listing("reports/aging-pages/", AgingPagesReportView, "aging_pages"),
        *_listing("reports/workflow/", WorkflowReportView, "workflow"),
        *_listing("reports/workflow_tasks/", WorkflowTasksReportView, "workflow_tasks"),
        *_listing("redirects/", RedirectsView, "redirects"),
    ],
    require_admin_access,
)
urlpatterns = decorate_urlpatterns(urlpatterns, never_cache)
