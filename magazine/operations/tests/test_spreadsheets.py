"""The admin's CSV exports hold no formula a spreadsheet would run (issue 11, defect 14)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Workflow

from magazine.core.models import StandardPage
from magazine.operations.spreadsheets import neutralised

FORMULA = '=HYPERLINK("http://x")'


@pytest.fixture
def formula_page(home, editor):
    """A published, locked page whose title a contributor made a formula, under review."""
    page = home.add_child(instance=StandardPage(title=FORMULA, slug="formule", live=False))
    page.save_revision(user=editor).publish(user=editor)
    Workflow.objects.filter(active=True).first().start(page, editor)
    StandardPage.objects.filter(pk=page.pk).update(
        locked=True, locked_by=editor, locked_at=timezone.now()
    )
    return page


def _cells(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv"
    content = b"".join(response.streaming_content).decode()
    return [cell for row in csv.reader(io.StringIO(content)) for cell in row]


@pytest.mark.parametrize(
    "url_name",
    [
        "site_history",
        "site_history_results",
        "locked_pages",
        "locked_pages_results",
        "aging_pages",
        "aging_pages_results",
        "workflow",
        "workflow_tasks",
    ],
)
def test_report_exports_neutralise_formulas(admin_client, formula_page, url_name):
    cells = _cells(admin_client.get(reverse(f"wagtailadmin_reports:{url_name}"), {"export": "csv"}))
    assert f"'{FORMULA}" in cells
    assert FORMULA not in cells


def test_reports_still_list_and_refuse_non_admins(admin_client, formula_page):
    html = admin_client.get(reverse("wagtailadmin_reports:site_history")).content.decode()
    assert "HYPERLINK" in html and "Télécharger en CSV" in html
    reader = Client()
    response = reader.get(reverse("wagtailadmin_reports:site_history"), {"export": "csv"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_redirects_export_neutralises_formulas(admin_client, formula_page):
    Redirect.objects.create(old_path="/ancienne-adresse", redirect_page=formula_page)
    response = admin_client.get(reverse("wagtailredirects:index"), {"export": "csv"})
    assert "/ancienne-adresse" in _cells(response)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert neutralised(f"{start}1+1") == f"'{start}1+1"


def test_other_cells_are_left_alone():
    assert neutralised("Une page") == "Une page"
    assert neutralised("") == ""
    assert neutralised(-3) == -3
