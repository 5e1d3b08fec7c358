"""The physio's visit report is made before the click (plans.report.report_warm, a Celery task): opening the
client page or the report page queues it for the period the page offers; the download a moment later is
served from the cache, still audited and ``no-store``; one journal version is made once however often the
page is opened; a write after the warm-up is never served the older PDF; and the download still makes the
PDF itself when the warm-up has not run."""

from __future__ import annotations

import datetime as dt

import pytest
from celery import current_app
from django.core.cache import cache
from django.urls import reverse

from accounts.models import AuditAction, AuditEvent
from journal import services as journal_services
from journal.versions import journal_version
from monitoring.models import Flag
from plans import report as plans_report
from plans import tasks as plans_tasks
from tests.factories import EntryFactory, FlagFactory

pytestmark = pytest.mark.django_db

MON = dt.date(2026, 3, 2)
DEFAULT = [(MON - dt.timedelta(days=27)).isoformat(), MON.isoformat()]  # the last four weeks


class Broker:
    """Stands in for Celery: records what is queued (tasks off eager mode, as in production)."""

    def __init__(self):
        self.sent: list[tuple[str, list, dict]] = []
        self.conf = type("Conf", (), {"task_always_eager": False})()

    def send_task(self, name, args, **options):
        self.sent.append((name, args, options))

    def run(self) -> list[bool]:
        """What a worker does with the queued warm-ups: the task itself, called as a plain function."""
        done = [plans_tasks.report_warm(*args) for name, args, _ in self.sent if name == plans_report.REPORT_WARM_TASK]
        self.sent.clear()
        return done


@pytest.fixture
def broker(monkeypatch):
    queue = Broker()
    monkeypatch.setattr(plans_report, "current_app", queue)
    return queue


@pytest.fixture
def client_page(physio_client, link):
    def open_it():
        response = physio_client.get(reverse("clinic:client", args=[link.public_id]))
        assert response.status_code == 200
        return response

    return open_it


def download(physio_client, link, **params):
    return physio_client.get(reverse("clinic:client_report_pdf", args=[link.public_id]), params)


def test_opening_the_client_page_queues_the_report_it_offers(monday, client_page, broker, link, physio):
    client_page()
    assert broker.sent == [
        (
            "plans.report_warm",
            [link.runner.pk, physio.pk, *DEFAULT],
            {"ignore_result": True, "expires": plans_report.REPORT_WARM_EXPIRES},
        )
    ]


def test_the_report_page_warms_only_the_period_the_client_page_offers(monday, physio_client, broker, link, physio):
    """Another period is made when downloaded (where the PDF rate limit counts): a page of any period may not
    queue a render, or a script could queue thousands with one session."""
    url = reverse("clinic:client_report", args=[link.public_id])
    assert physio_client.get(url).status_code == 200  # the default: the last four weeks
    assert [args for _, args, _ in broker.sent] == [[link.runner.pk, physio.pk, *DEFAULT]]
    broker.sent.clear()
    for day in range(1, 15):  # fourteen other periods: nothing queued
        assert physio_client.get(url, {"start": f"2026-02-{day:02}", "end": "2026-03-01"}).status_code == 200
    assert physio_client.get(url, {"start": "2026-03-01", "end": "2026-02-20"}).status_code == 400
    assert broker.sent == []


def test_a_broker_that_refuses_leaves_the_next_page_view_free_to_queue(monday, client_page, broker, monkeypatch):
    sent = broker.send_task

    def refused(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(broker, "send_task", refused)
    client_page()  # the page still answers; nothing queued
    monkeypatch.setattr(broker, "send_task", sent)
    client_page()
    assert len(broker.sent) == 1


def test_a_worker_starts_without_the_pdf_libraries(monkeypatch, caplog):
    """Mail, scans and imports run on the same workers: a missing Pango fails the warm-up, not the worker."""
    import sys

    assert plans_tasks.load_weasyprint() is True
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint now raises ImportError
    with caplog.at_level("WARNING", logger="plans.tasks"):
        assert plans_tasks.load_weasyprint() is False
    assert "WeasyPrint could not start" in caplog.text


def test_the_download_after_the_warm_up_is_served_from_the_cache_audited_and_not_stored(
    monday, client_page, broker, physio_client, link, physio, made
):
    EntryFactory(runner=link.runner, day=MON, pain=3)
    client_page()
    assert broker.run() == [True]
    assert len(made) == 1
    response = download(physio_client, link, start=DEFAULT[0], end=DEFAULT[1])  # what the report page's button sends
    assert response.content == b"%PDF 1"
    assert len(made) == 1
    assert response["Cache-Control"] == "no-store, private"
    assert AuditEvent.objects.filter(actor=physio, runner=link.runner, action=AuditAction.REPORT).count() == 1


def test_one_journal_version_is_queued_and_made_once_however_often_the_page_is_opened(
    monday, client_page, broker, link, made
):
    EntryFactory(runner=link.runner, day=MON, pain=3)
    client_page()
    client_page()
    assert len(broker.sent) == 1  # the second view queues nothing: no task, no worker time
    assert broker.run() == [True]
    client_page()
    assert broker.sent == []
    journal_services.entry_log_pain_undoable(runner=link.runner, day=MON, pain=6)  # a new journal version
    client_page()
    assert broker.run() == [True]
    assert len(made) == 2


def test_a_worker_finding_its_version_made_already_makes_nothing(monday, client_page, broker, link, made):
    EntryFactory(runner=link.runner, day=MON, pain=3)
    client_page()
    queued = list(broker.sent)
    assert broker.run() == [True]
    broker.sent = queued  # the same task delivered twice (acks_late after a worker restart)
    assert broker.run() == [False]
    assert len(made) == 1


def test_a_warm_up_already_under_way_is_not_made_again(monday, client_page, broker, link, physio, made):
    version = journal_version(link.runner.pk)
    cache.add(f"report-warm:made:{link.runner.pk}:{version}:{physio.pk}:{DEFAULT[0]}:{DEFAULT[1]}", 1, 60)  # a worker
    client_page()
    assert broker.run() == [False]
    assert made == []


def test_a_write_after_the_warm_up_is_never_served_the_older_pdf(
    monday, client_page, broker, physio_client, link, made
):
    EntryFactory(runner=link.runner, day=MON - dt.timedelta(days=1), pain=3)
    client_page()
    broker.run()
    assert "Days logged: <strong>1</strong>" in made[0]
    journal_services.entry_log_pain_undoable(runner=link.runner, day=MON, pain=6)  # a new journal version
    response = download(physio_client, link)
    assert response.content == b"%PDF 2"
    assert "Days logged: <strong>2</strong>" in made[1]
    client_page()  # the new version is warmed once more, and then served
    assert broker.run() == [True]
    assert len(made) == 2
    assert download(physio_client, link).content == b"%PDF 2"


def test_a_flag_opened_after_the_warm_up_makes_a_new_pdf(monday, client_page, broker, physio_client, link, made):
    client_page()
    broker.run()
    FlagFactory(runner=link.runner)  # not a journal write, but the report prints it
    assert download(physio_client, link).content == b"%PDF 2"


def test_the_download_makes_the_pdf_itself_when_no_warm_up_has_run(
    monday, client_page, broker, physio_client, link, made
):
    client_page()  # queued, not run (the worker is busy or down)
    response = download(physio_client, link)
    assert response.status_code == 200
    assert response.content == b"%PDF 1"


def test_the_warm_up_prints_dates_as_the_physios_own_download_does(
    monday, client_page, broker, physio_client, link, physio, made
):
    """A flag opened at 03:00 in London was opened the day before in New York: the warm-up (a worker, no
    request, no time zone of its own) must print it as the physio's download does, or it is never used."""
    physio.time_zone = "America/New_York"
    physio.save(update_fields=["time_zone"])
    flag = FlagFactory(runner=link.runner)
    Flag.objects.filter(pk=flag.pk).update(opened_at=dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC))
    client_page()
    broker.run()
    assert "1 Mar 2026" in made[0]
    assert download(physio_client, link).content == b"%PDF 1"
    assert len(made) == 1


def test_a_failed_warm_up_leaves_the_next_one_free_to_make_it(monday, client_page, broker, link, made, monkeypatch):
    def failing(html):
        raise RuntimeError("the worker ran out of memory")

    monkeypatch.setattr(plans_report, "html_to_pdf", failing)
    client_page()
    with pytest.raises(RuntimeError):
        broker.run()
    broker.sent.clear()
    monkeypatch.setattr(plans_report, "html_to_pdf", lambda html: made.append(html) or b"%PDF")
    client_page()
    assert broker.run() == [True]
    assert len(made) == 1


def test_a_warm_up_for_an_account_deleted_since_does_nothing(monday, client_page, broker, link, made):
    client_page()
    link.runner.delete()
    assert broker.run() == [False]
    assert made == []


def test_a_broker_that_is_down_costs_the_warm_up_not_the_page(monday, client_page, broker, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("the broker is down")

    monkeypatch.setattr(broker, "send_task", down)
    client_page()


def test_with_tasks_run_in_process_nothing_is_queued(monday, client_page, monkeypatch):
    """Eager tasks (the tests' default) would make the PDF inside the page's own request: no warm-up then."""
    sent = []
    monkeypatch.setattr(current_app, "send_task", lambda *args, **kwargs: sent.append(args))
    assert current_app.conf.task_always_eager
    client_page()
    assert sent == []
