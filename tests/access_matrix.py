"""The access matrix's table: who gets what, for every URL pattern of the project x the methods it answers x
eight kinds of user. Its tests are in tests/accounts/test_access_matrix.py; the fuzzing, the vocabulary check
and the console-error scan open the same URLs through ``url_kwargs``.

How to keep it complete: ``test_every_url_pattern_is_in_the_matrix`` walks the project's URL
resolver and fails for any pattern that is neither listed in ``EXPECTED`` (by its URL name) nor in
one of the two groups below. Whoever adds a URL adds its row here, with real ids (see ``url_kwargs``).

Groups ruled by prefix, with a documented expectation instead of one row per pattern:

- ``admin/`` (Django admin): only staff get in. Every parameterless admin page, plus the change,
  history and delete pages of real objects, answers a redirect to the admin login for everyone who
  is not staff; for the admin persona the exact statuses are in ``ADMIN_STAFF_STATUS``.
- allauth's ``accounts/`` pages (log in, sign up, password, email, two-factor): allauth decides.
  For every allauth pattern the matrix asserts the exact status per role in ``ALLAUTH``; patterns
  with a key in the URL get a key that does not exist, which allauth answers with its "bad link" page.

Status codes: 200 shown, 302 redirected (to the login page for anonymous users, after a successful
POST otherwise), 403 a physio awaiting verification, 404 not yours / not for your kind of account,
405 method not allowed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = (
    "anonymous",
    "runner",
    "other_runner",
    "linked_physio",
    "unlinked_physio",
    "unverified_physio",
    "revoked_physio",
    "admin",
)


def by_role(anonymous, runner, other_runner, linked, unlinked, unverified, revoked, admin) -> dict[str, int]:
    return dict(
        zip(ROLES, (anonymous, runner, other_runner, linked, unlinked, unverified, revoked, admin), strict=True)
    )


def every(status: int) -> dict[str, int]:
    return dict.fromkeys(ROLES, status)


# Profiles shared by many rows.
PUBLIC = every(200)
SIGNED_IN = by_role(302, 200, 200, 200, 200, 200, 200, 200)
PHYSIO_HOME = by_role(302, 404, 404, 200, 200, 403, 200, 404)
PHYSIO_ACTION = by_role(302, 404, 404, 302, 302, 403, 302, 404)
CLIENT_PAGE = by_role(302, 404, 404, 200, 404, 403, 404, 404)
CLIENT_ACTION = by_role(302, 404, 404, 302, 404, 403, 404, 404)
INVITATION_ACTION = by_role(302, 404, 404, 302, 404, 403, 404, 404)
RUNNER_PAGE = by_role(302, 200, 200, 404, 404, 404, 404, 404)
RUNNER_ACTION = by_role(302, 302, 302, 404, 404, 404, 404, 404)
RUNNER_OBJECT_ACTION = by_role(302, 302, 404, 404, 404, 404, 404, 404)
NOT_ALLOWED = every(405)
# The journal (owned by journal/): login first, then the method, then runners only; ids are scoped to the runner.
J_PAGE = by_role(302, 200, 200, 404, 404, 404, 404, 404)
J_OWN_PAGE = by_role(302, 200, 404, 404, 404, 404, 404, 404)  # the runner's own entry or session
J_EMPTY_POST = by_role(302, 400, 400, 404, 404, 404, 404, 404)  # an empty form: errors next to the fields
J_OWN_EMPTY_POST = by_role(302, 400, 404, 404, 404, 404, 404, 404)
J_WRONG_METHOD = by_role(302, 405, 405, 405, 405, 405, 405, 405)

# url name -> {method: {role: status}}. POSTs send the valid data in POST_DATA.
EXPECTED: dict[str, dict[str, dict[str, int]]] = {
    # project
    "home": {"GET": by_role(200, 302, 302, 302, 302, 302, 302, 302)},  # each to their own start page
    "healthz": {"GET": PUBLIC, "POST": NOT_ALLOWED},
    "manifest": {"GET": PUBLIC, "POST": NOT_ALLOWED},
    "favicon": {"GET": every(301)},
    "service_worker": {"GET": PUBLIC, "POST": NOT_ALLOWED},
    "offline": {"GET": PUBLIC, "POST": NOT_ALLOWED},
    # accounts (our own pages under accounts/)
    "accounts:profile": {"GET": SIGNED_IN, "POST": SIGNED_IN},  # an empty POST re-shows the form with errors
    "accounts:delete": {"GET": SIGNED_IN, "POST": by_role(302, 400, 400, 400, 400, 400, 400, 400)},  # no password
    # triage: open to everyone, nothing stored
    "triage:form": {"GET": PUBLIC, "POST": NOT_ALLOWED},
    "triage:result": {"GET": every(302), "POST": NOT_ALLOWED},  # no answers in the query: back to the form
    "triage_api:triage": {"POST": every(400), "GET": NOT_ALLOWED},  # an empty body names every missing field
    "triage:background": {"GET": J_PAGE, "POST": RUNNER_ACTION},  # the runner's health background; empty: none
    # monitoring: the runner's own flags and check-ins
    "monitoring:list": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "monitoring:dismiss": {"POST": RUNNER_OBJECT_ACTION, "GET": J_WRONG_METHOD},
    # the runner has a linked physio here, who closes urgent flags: 404 for them too (tests/monitoring covers 302)
    "monitoring:assessed": {"POST": by_role(302, 404, 404, 404, 404, 404, 404, 404), "GET": J_WRONG_METHOD},
    "monitoring:checkin": {"GET": J_OWN_PAGE, "POST": J_WRONG_METHOD},
    "monitoring:checkin_answer": {"POST": RUNNER_OBJECT_ACTION, "GET": J_WRONG_METHOD},
    # journal
    "journal:dashboard": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:quick_pain": {"POST": J_EMPTY_POST, "GET": J_WRONG_METHOD},
    "journal:quick_pain_undo": {"POST": RUNNER_ACTION, "GET": J_WRONG_METHOD},  # nothing to undo: back, with a note
    "journal:entries": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:history": {"GET": J_PAGE, "POST": J_WRONG_METHOD},  # the dashboard's history fragment
    "journal:entries_older": {"GET": J_PAGE, "POST": J_WRONG_METHOD},  # a journal page's older days
    "journal:entry_new": {"GET": J_PAGE, "POST": J_EMPTY_POST},
    "journal:entry_edit": {"GET": J_OWN_PAGE, "POST": J_OWN_EMPTY_POST},
    "journal:session_new": {"GET": J_PAGE, "POST": J_EMPTY_POST},
    "journal:session_edit": {"GET": J_OWN_PAGE, "POST": J_OWN_EMPTY_POST},
    "journal:session_delete": {"GET": J_OWN_PAGE, "POST": by_role(302, 302, 404, 404, 404, 404, 404, 404)},
    "journal:save_triage": {"POST": J_EMPTY_POST, "GET": J_WRONG_METHOD},
    "journal:your_data": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:export_entries": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:export_sessions": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:export_json": {"GET": J_PAGE, "POST": J_WRONG_METHOD},
    "journal:export_extra": {"GET": J_PAGE, "POST": J_WRONG_METHOD},  # plans' progress measures (CSV)
    "journal:import_csv": {"GET": J_PAGE, "POST": J_EMPTY_POST},
    "journal:import_watch": {"GET": J_PAGE, "POST": J_EMPTY_POST},
    "journal:import_job": {"GET": J_OWN_PAGE, "POST": J_WRONG_METHOD},
    # return-to-run plans (owned by plans/): the runner has a plan under way, the other runner none
    "plans:start": {"POST": by_role(302, 400, 302, 404, 404, 404, 404, 404), "GET": J_WRONG_METHOD},  # one plan each
    "plans:log": {"POST": J_EMPTY_POST, "GET": J_WRONG_METHOD},
    "plans:apply": {"POST": J_EMPTY_POST, "GET": J_WRONG_METHOD},
    "plans:cleared": {"POST": RUNNER_OBJECT_ACTION, "GET": J_WRONG_METHOD},
    "plans:end": {"POST": RUNNER_OBJECT_ACTION, "GET": J_WRONG_METHOD},
    "plans:tick": {"POST": RUNNER_OBJECT_ACTION, "GET": J_WRONG_METHOD},  # the runner's own prescription
    "plans:review": {"GET": J_OWN_PAGE, "POST": J_OWN_EMPTY_POST},  # the runner's own plan
    "plans:report": {"GET": J_PAGE, "POST": J_WRONG_METHOD},  # a PDF of the runner's own last four weeks
    "plans:client": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},
    "plans:client_exercise": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "plans:client_exercise_remove": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "plans:client_start": {"POST": by_role(302, 404, 404, 400, 404, 403, 404, 404), "GET": NOT_ALLOWED},
    "plans:client_edit": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "plans:client_pause": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "plans:client_resume": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "plans:client_end": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    # physio workspace: the physio's side
    "clinic:caseload": {"GET": PHYSIO_HOME, "POST": NOT_ALLOWED},
    "clinic:code_create": {"POST": PHYSIO_ACTION, "GET": NOT_ALLOWED},
    "clinic:invitation_accept": {"POST": INVITATION_ACTION, "GET": NOT_ALLOWED},
    "clinic:invitation_decline": {"POST": INVITATION_ACTION, "GET": NOT_ALLOWED},
    "clinic:client": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},
    "clinic:client_history": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},  # the client page's history fragment
    "clinic:client_export": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},
    "clinic:client_export_extra": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},  # plans' progress measures (CSV)
    "clinic:client_report": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},  # the visit report: period and notes
    "clinic:client_report_pdf": {"GET": CLIENT_PAGE, "POST": NOT_ALLOWED},  # the PDF (default: last four weeks)
    "clinic:note_add": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "clinic:message_send": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "clinic:flag_acknowledge": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    "clinic:flag_resolve": {"POST": CLIENT_ACTION, "GET": NOT_ALLOWED},
    # physio workspace: the runner's side
    "clinic:care_team": {"GET": RUNNER_PAGE, "POST": NOT_ALLOWED},
    "clinic:invite": {"POST": RUNNER_ACTION, "GET": NOT_ALLOWED},
    "clinic:code_redeem": {"POST": RUNNER_ACTION, "GET": NOT_ALLOWED},
    "clinic:invitation_cancel": {"POST": RUNNER_OBJECT_ACTION, "GET": NOT_ALLOWED},
    "clinic:link_revoke": {"POST": RUNNER_OBJECT_ACTION, "GET": NOT_ALLOWED},
    "clinic:reply": {"POST": RUNNER_OBJECT_ACTION, "GET": NOT_ALLOWED},
}

# allauth's pages (GET): logged-out-only pages send signed-in users home; account pages send
# anonymous users to log in. Physios and staff behave like runners here.
LOGGED_OUT_ONLY = by_role(200, 302, 302, 302, 302, 302, 302, 302)
ALLAUTH: dict[str, dict[str, int]] = {
    "account_login": LOGGED_OUT_ONLY,
    "account_logout": by_role(302, 200, 200, 200, 200, 200, 200, 200),
    "account_inactive": PUBLIC,
    "account_signup": LOGGED_OUT_ONLY,
    "account_reauthenticate": by_role(302, 200, 200, 200, 200, 200, 200, 200),
    "account_email": SIGNED_IN,
    "account_email_verification_sent": PUBLIC,
    "account_change_password": SIGNED_IN,
    "account_set_password": by_role(302, 302, 302, 302, 302, 302, 302, 302),  # they all have a password
    "account_reset_password": PUBLIC,
    "account_confirm_login_code": by_role(302, 302, 302, 302, 302, 302, 302, 302),  # login by code is off
    # Reauthentication by a mailed code is off (ACCOUNT_REAUTHENTICATION_METHODS): the password or the app.
    "account_request_reauthentication_code": by_role(302, 403, 403, 403, 403, 403, 403, 403),
    "account_confirm_reauthentication_code": by_role(302, 403, 403, 403, 403, 403, 403, 403),
    "account_confirm_email": PUBLIC,  # an unknown key: the "link expired or invalid" page
    "account_reset_password_from_key_done": PUBLIC,
    "account_reset_password_from_key": PUBLIC,  # an unknown key: the "bad token" page
    "account_reset_password_done": PUBLIC,
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": every(302),  # only in the middle of a login
    "mfa_reauthenticate": by_role(302, 302, 302, 302, 302, 302, 302, 302),  # nothing to reauthenticate with
    "mfa_activate_totp": every(302),  # signed in: asked to re-enter the password first
    "mfa_deactivate_totp": by_role(302, 404, 404, 404, 404, 404, 404, 404),  # no TOTP set up
    "mfa_view_recovery_codes": by_role(302, 404, 404, 404, 404, 404, 404, 404),
    "mfa_generate_recovery_codes": every(302),  # signed in: asked to re-enter the password first
    "mfa_download_recovery_codes": by_role(302, 404, 404, 404, 404, 404, 404, 404),
}

# The admin persona's exact status on the admin pages the matrix opens; everyone else is sent to log in.
ADMIN_STAFF_STATUS = {
    "admin:index": 200,
    "admin:login": 302,  # already signed in: on to the index
    "admin:logout": 405,  # POST only
    "admin:password_change": 200,
    "admin:password_change_done": 200,
    "admin:jsi18n": 200,
    "admin:autocomplete": 403,  # needs query parameters naming a model field
    "admin:accounts_auditevent_add": 403,  # nobody may add audit records
    "admin:triage_advicetext_add": 403,  # one text per code, loaded by the migrations
    "admin:accounts_auditevent_change": 200,  # view only
    "admin:accounts_auditevent_delete": 403,
    "admin:accounts_auditevent_history": 200,
    "admin:accounts_carelink_add": 403,  # only the runner's consent creates a link
    "admin:accounts_carelink_delete": 403,  # admins end a link (Revoked) instead
    "admin:clinic_clinicalnote_add": 403,
    "admin:clinic_message_add": 403,
}
# The admin's login is allauth's (config/urls.py): a visitor is sent to it, a signed-in non-staff user refused.
ADMIN_PUBLIC = {"admin:login": every(403) | {"anonymous": 302}}


# The world (one runner's data, and who is who) is the shared `world` fixture of tests/conftest.py.


def url_kwargs(name: str, role: str, world) -> dict:
    """Real ids for each URL: the revoked physio tries the link that used to be theirs."""
    link = world["revoked"] if role == "revoked_physio" else world["link"]
    if name == "monitoring:dismiss":
        return {"pk": world["review_flag"].pk}
    if name == "monitoring:assessed":
        return {"pk": world["flag"].pk}
    if name in ("monitoring:checkin", "monitoring:checkin_answer"):
        return {"pk": world["checkin"].pk}
    if name == "journal:entry_edit":
        return {"day": world["entry"].day.isoformat()}
    if name == "journal:import_job":
        return {"public_id": world["import_job"].public_id}
    if name in ("journal:session_edit", "journal:session_delete"):
        return {"pk": world["session"].pk}
    if name in ("clinic:invitation_accept", "clinic:invitation_decline", "clinic:invitation_cancel"):
        return {"public_id": world["invitation"].public_id}
    if name in ("clinic:flag_acknowledge", "clinic:flag_resolve"):
        return {"public_id": link.public_id, "flag_id": world["flag"].pk}
    if name == "journal:export_extra":
        return {"name": "measures"}
    if name == "clinic:client_export_extra":
        return {"public_id": link.public_id, "name": "measures"}
    if name.startswith("clinic:") and ("client" in name or name in ("clinic:note_add", "clinic:message_send")):
        return {"public_id": link.public_id}
    if name == "plans:tick":
        return {"pk": world["prescription"].pk}
    if name == "plans:client_exercise_remove":
        return {"public_id": link.public_id, "pk": world["prescription"].pk}
    if name.startswith("plans:client"):
        return {"public_id": link.public_id}
    if name in ("clinic:link_revoke", "clinic:reply"):
        return {"public_id": world["link"].public_id}
    return {}


def post_data(name: str, world) -> dict:
    return {
        "clinic:note_add": {"body": "Check hip mobility next visit"},
        "clinic:message_send": {"body": "How is the back today?"},
        "clinic:flag_acknowledge": {"note": "Seen, calling them today"},
        "clinic:flag_resolve": {"note": "Settled"},
        "clinic:invite": {"email": "someone.new@example.com"},
        "clinic:code_redeem": {"code": world["code"].code},
        "clinic:reply": {"body": "Better, thanks"},
        "monitoring:dismiss": {f"flag-{world['review_flag'].pk}-note": "It eased after a rest day"},
        "monitoring:checkin_answer": {"settled": "yes"},
        "monitoring:assessed": {f"assessed-{world['flag'].pk}-assessed_on": "2020-01-01"},
        "plans:client_edit": {"stage": "2", "note": "Hold the pace down"},
        "plans:client_exercise": {
            "exercise": world["prescription"].exercise_id,
            "sets": "2",
            "reps": "8",
            "days": ["0", "1", "2", "3", "4", "5", "6"],
        },
    }.get(name, {})


def client_for(role, world) -> Client:
    """A test client for ``role``: signed in with the role's saved sign-in when the world has them (the module's
    world keeps one session per role), otherwise with force_login."""
    client = Client()
    user = world["users"][role]
    if user is not None and role in world.get("sessions", {}):
        client.cookies[settings.SESSION_COOKIE_NAME] = world["sessions"][role]
    elif user is not None:
        client.force_login(user)
    return client


def each_role(world, ask) -> list[str]:
    """``ask(role, client)`` for every role, each in a savepoint rolled back after it: the world is built once
    per test and every role meets it as it was built (a POST by one role leaves nothing for the next).
    Returns every role's complaint, so that one failure shows the whole row."""
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            complaint = ask(role, client_for(role, world))
            transaction.set_rollback(True)
        if complaint:
            wrong.append(complaint)
    return wrong


CASES = [(name, method) for name, methods in EXPECTED.items() for method in methods]


# --- groups ---------------------------------------------------------------------------------------
def walk(patterns=None, prefix: str = "", namespace: str | None = None):
    """(route, full name, pattern) for every URL pattern of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def url_group(route: str, pattern: URLPattern) -> str | None:
    if route.startswith("admin/"):
        return "admin"
    if pattern.callback.__module__.startswith("allauth."):
        return "allauth"
    return None


def allauth_url(name: str) -> str:
    if name == "account_confirm_email":
        return reverse(name, kwargs={"key": "no-such-key"})
    if name == "account_reset_password_from_key":
        return reverse(name, kwargs={"uidb36": "zz", "key": "no-such-key"})
    return reverse(name)


def admin_urls(world) -> list[tuple[str, str]]:
    """Every parameterless admin page, plus the change/history/delete pages of real objects."""
    urls = [
        (name, reverse(name))
        for route, name, pattern in walk()
        if route.startswith("admin/") and not pattern.pattern.converters and "(" not in route
    ]
    event, link = world["event"], world["link"]
    for name, obj in (
        ("admin:accounts_auditevent_change", event),
        ("admin:accounts_auditevent_history", event),
        ("admin:accounts_auditevent_delete", event),
        ("admin:accounts_carelink_change", link),
        ("admin:accounts_user_change", world["users"]["runner"]),
    ):
        urls.append((name, reverse(name, args=[obj.pk])))
    urls.append(("admin:app_list", reverse("admin:app_list", kwargs={"app_label": "clinic"})))
    return urls
