"""The query counts the tests pin, in one place: the tests assert these numbers, and
tests/quality/test_docs.py checks that the table in docs/performance.md quotes the same ones.

Each count is constant: the tests assert it with little and with much data.
"""

QUERY_COUNTS: dict[str, int] = {
    "dashboard context": 2,  # tests/journal/test_pages.py
    "dashboard page": 18,  # tests/journal/test_pages.py (the whole page: plan, flags, physio, messages)
    "journal page": 4,  # tests/journal/test_pages.py
    "flags page": 6,  # tests/monitoring/test_views.py
    "scan batch": 7,  # tests/monitoring/test_scan.py
    "caseload page": 9,  # tests/clinic/test_caseload.py
    "client page": 15,  # tests/clinic/test_client_page.py (the client has a plan)
    "client page, no plan": 12,  # tests/clinic/test_client_page.py
    "triage form, visitor": 0,  # tests/triage/test_pages.py
    "triage form, signed in": 2,  # tests/triage/test_pages.py
    "triage result, visitor": 0,  # tests/triage/test_pages.py (advice texts in memory)
    "triage result, signed in": 3,  # tests/triage/test_pages.py
}
