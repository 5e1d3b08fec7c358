"""No console error on any page (issue 22 §4): every page of the app each role may open (the access matrix's
GET rows that answer 200, allauth's included) and every admin page (each model's list, change, history and
add pages, a version to revert to and the drafts' previews), signed in as a visitor, a runner, a physio and an
admin in turn. A Content Security Policy refusal (an inline style or script) is a console error, and so is an
uncaught script error; either fails the test, naming the page."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from core.admin import PublishingAdmin
from tests.access_matrix import ALLAUTH, EXPECTED, url_kwargs
from tests.browser.pages import ANONYMOUS_PAGES, RUNNER_PAGES
from tests.factories import TEST_PASSWORD

# Not HTML pages: a download, JSON, a script or an image.
NOT_PAGES = {
    "healthz",
    "manifest",
    "favicon",
    "service_worker",
    "journal:export_entries",
    "journal:export_sessions",
    "journal:export_json",
    "journal:export_extra",
    "clinic:client_export",
    "clinic:client_export_extra",
    "clinic:client_report_pdf",
    "plans:report",
}


def app_pages(role: str, world) -> list[str]:
    urls = []
    for name, methods in EXPECTED.items():
        if name in NOT_PAGES or methods.get("GET", {}).get(role) != 200:
            continue
        urls.append(reverse(name, kwargs=url_kwargs(name, role, world)))
    for name, statuses in ALLAUTH.items():
        if statuses[role] != 200:
            continue
        try:
            urls.append(reverse(name))
        except NoReverseMatch:  # a page behind a key in its URL: a bad key shows allauth's page
            continue
    extra = {"anonymous": ANONYMOUS_PAGES, "runner": RUNNER_PAGES}.get(role, [])
    return list(dict.fromkeys([*urls, *extra, "/no-such-page/"]))


def admin_pages(admin_user) -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model in admin.site._registry:
        opts = model._meta
        base = f"admin:{opts.app_label}_{opts.model_name}"
        urls.append(reverse(f"{base}_changelist"))
        first = model._default_manager.first()
        if first is not None:
            urls += [reverse(f"{base}_change", args=[first.pk]), reverse(f"{base}_history", args=[first.pk])]
            history = getattr(first, "history", None)
            if history is not None and history.exists():
                urls.append(reverse(f"{base}_simple_history", args=[first.pk, history.earliest().history_id]))
            if isinstance(admin.site._registry[model], PublishingAdmin):  # advice texts, plan stages
                urls.append(reverse(f"{base}_preview", args=[first.pk]))
        if admin.site._registry[model].has_add_permission(request):
            urls.append(reverse(f"{base}_add"))
    return urls


def sign_in(page, user) -> None:
    page.context.clear_cookies()
    if user is None:
        return
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


# One test per role, so the two workers share the scan (about 110 pages in all).
MIN_PAGES = {"anonymous": 15, "runner": 30, "linked_physio": 18, "admin": 55}  # 17, 34, 20 and 61 today


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", list(MIN_PAGES))
def test_no_page_of_the_app_or_the_admin_logs_a_console_error(phone, world, monkeypatch, role):
    monkeypatch.setattr("monitoring.queueing.queue_runner_check", lambda runner_id: None)
    page = phone
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    sign_in(page, world["users"][role])
    urls = app_pages(role, world) + (admin_pages(world["users"]["admin"]) if role == "admin" else [])
    for url in urls:
        page.goto(url, wait_until="load")
    assert len(urls) >= MIN_PAGES[role], urls  # every page of the role, not a few
    # A 404 page logs "Failed to load resource" for its own status: that is the page, not a fault in it.
    faults = [e for e in errors if not ("no-such-page" in e and "404" in e)]
    assert faults == [], "\n".join(faults)
