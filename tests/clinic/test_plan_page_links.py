"""The physio's plan page (owned by plans, below the clinic) leads back to the clinic's pages, which the
clinic registers in ``ClinicConfig.ready()``: plans names none of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans import workspace

pytestmark = pytest.mark.django_db


def test_the_plan_page_links_to_the_caseload_the_client_and_the_visit_report(physio_client, link):
    html = physio_client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert f'href="{reverse("clinic:caseload")}">Caseload</a>' in html
    assert f'href="{reverse("clinic:client", args=[link.public_id])}">' in html
    assert f'action="{reverse("clinic:client_report", args=[link.public_id])}"' in html


def test_without_a_registered_workspace_the_plan_page_shows_no_clinic_links(physio_client, link, monkeypatch):
    monkeypatch.setattr(workspace, "_client_pages", [])
    response = physio_client.get(reverse("plans:client", args=[link.public_id]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="report-form"' not in html
    assert reverse("clinic:caseload") not in html.split('aria-label="breadcrumb"')[1].split("</nav>")[0]
