"""The visit report: a runner's data for a chosen period as a PDF (WeasyPrint, from a print template).

``report_data`` gathers plain data (a handful of queries); ``weekly_chart_svg`` draws weekly mean pain
and weekly distance as an SVG with no script; ``report_pdf`` renders the template to PDF bytes,
``report_pdf_cached`` keeps each PDF per journal version, and ``report_warm`` (a Celery task, queued when a
physio opens the client page or the report page) makes it before the click.

Every part is bounded whatever the journal holds, so a report takes the same short time for any
runner: at most a year, one row per week, sessions summed by the database, and of the flags, plan
changes, ratings and notes only the latest ``ROWS_SHOWN`` each, with how many more there were.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from celery import current_app
from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.html import escape

from accounts.models import User
from core.notes import Audience, NoteKind
from core.pdf import html_to_pdf
from journal.models import RUN_TYPES, Entry, TrainingSession
from journal.versions import journal_version
from monitoring.models import Flag
from plans.models import Plan, PlanEvent, Review
from plans.selectors import exercise_state

logger = logging.getLogger(__name__)

ROWS_SHOWN = 40  # per table: the latest flags, plan changes, ratings and notes ("and N more earlier")


@dataclass(frozen=True)
class ReportNote:
    """A clinical note the physio chose to include, as plain data (notes live in the clinic, above plans)."""

    written: dt.datetime
    author: str
    text: str


def _weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        weeks.append(monday)
        monday += dt.timedelta(weeks=1)
    return weeks


def weekly_rows(entries, sessions, start: dt.date, end: dt.date) -> list[dict]:
    """Per week (Monday first): mean pain of the logged days, running distance in km and sessions."""
    pains, km, count = defaultdict(list), defaultdict(float), defaultdict(int)
    for day, pain in entries:
        pains[day - dt.timedelta(days=day.weekday())].append(pain)
    for day, kind, metres, *how_many in sessions:  # (day, kind, metres) or summed: (..., sessions)
        week = day - dt.timedelta(days=day.weekday())
        count[week] += how_many[0] if how_many else 1
        if kind in RUN_TYPES:
            km[week] += (metres or 0) / 1000
    return [
        {
            "week": w,
            "mean_pain": round(sum(pains[w]) / len(pains[w]), 1) if pains[w] else None,
            "km": round(km[w], 1),
            "sessions": count[w],
        }
        for w in _weeks(start, end)
    ]


def weekly_chart_svg(rows: list[dict], *, width: int = 640, height: int = 160) -> str:
    """Bars for weekly distance (scaled to the longest week) and a line for weekly mean pain (0-10).

    Its key is a line of text above it (``weekly_chart_key``), not text inside it: WeasyPrint lays out SVG
    text one letter at a time, so that one sentence cost more to draw than the rest of the chart."""
    if not rows:
        return ""
    top, pad, n = 10, 30, len(rows)
    inner_w, inner_h = width - 2 * pad, height - top - pad
    base = top + inner_h
    slot = inner_w / n
    top_km = max((r["km"] for r in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">'
    ]
    parts.append(f'<line x1="{pad}" y1="{base}" x2="{pad + inner_w}" y2="{base}" stroke="#666"/>')
    points = []
    for i, r in enumerate(rows):
        x = pad + i * slot
        bar = inner_h * r["km"] / top_km
        parts.append(
            f'<rect x="{x + slot * 0.2:.1f}" y="{base - bar:.1f}" width="{slot * 0.6:.1f}" '
            f'height="{bar:.1f}" fill="#b9d3ee"/>'
        )
        if r["mean_pain"] is not None:
            points.append(f"{x + slot / 2:.1f},{base - inner_h * r['mean_pain'] / 10:.1f}")
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{height - 8}" font-size="8" text-anchor="middle">'
            f"{escape(r['week'].strftime('%d %b'))}</text>"
        )
    if points:
        parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#b00020" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def weekly_chart_key(rows: list[dict]) -> str:
    """What the chart's line and bars are, printed above it."""
    if not rows:
        return ""
    top_km = max((r["km"] for r in rows), default=0) or 1
    return f"Red line: weekly mean pain (0-10). Blue bars: weekly running distance (longest {top_km:.1f} km)."


def _latest(newest_first: QuerySet) -> tuple[list, int]:
    """The latest ROWS_SHOWN rows, oldest first, and how many earlier ones are left out (one COUNT only
    when the table is full)."""
    rows = list(newest_first[: ROWS_SHOWN + 1])
    more = 0
    if len(rows) > ROWS_SHOWN:
        more = newest_first.count() - ROWS_SHOWN
        rows = rows[:ROWS_SHOWN]
    return rows[::-1], more


def report_data(*, runner: User, start: dt.date, end: dt.date, author: User, notes: Sequence[ReportNote] = ()) -> dict:
    """The report's data. ``notes``: the clinical notes the physio chose (none in the runner's own report).

    The journal version is read first, so the PDF is never kept under a version newer than what it shows."""
    version = journal_version(runner.pk)
    entries = list(Entry.objects.filter(runner=runner, day__gte=start, day__lte=end).values_list("day", "pain"))
    # Summed per day and kind by the database: a few rows per day however many sessions were logged.
    sessions = list(
        TrainingSession.objects.filter(runner=runner, day__gte=start, day__lte=end)
        .values("day", "session_type")
        .order_by()
        .annotate(metres=Sum("distance_m"), n=Count("id"))
        .values_list("day", "session_type", "metres", "n")
    )
    rows = weekly_rows(entries, sessions, start, end)
    zone = runner.zone
    flags, flags_more = _latest(
        Flag.objects.filter(runner=runner, opened_at__date__lte=end)
        .exclude(resolved_at__date__lt=start)
        .select_related("acknowledged_by", "resolved_by")
        .order_by("-opened_at", "-id")
    )
    plan = Plan.objects.filter(runner=runner).order_by("-created_at").first()
    events, reviews, adherence = [], [], []
    events_more = reviews_more = 0
    if plan is not None:
        plan.runner = runner
        events, events_more = _latest(
            PlanEvent.objects.filter(plan__runner=runner, at__date__gte=start, at__date__lte=end).order_by("-at", "-id")
        )
        reviews, reviews_more = _latest(
            Review.objects.filter(plan__runner=runner, day__gte=start, day__lte=end).order_by("-day", "-id")
        )
        weeks = len(_weeks(start, end))
        adherence = [
            w
            for w in exercise_state(plan, today=end, weeks=weeks)["weeks"]
            if start - dt.timedelta(days=6) <= w["week"]
        ]
    pains = [p for _, p in entries]
    audience = Audience.RUNNER if author.pk == runner.pk else Audience.PHYSIO
    return {
        "runner": runner,
        "version": version,
        "author": author,
        # Who reads the notes printed in it (core.notes): the runner's own report, or a physio's.
        "audience": audience,
        "audience_clinical_note": f"{NoteKind.CLINICAL_NOTE}:{audience}",  # for the template's readable_as
        "start": start,
        "end": end,
        "generated": timezone.localtime(timezone.now(), zone),
        "weekly": rows,
        "chart": weekly_chart_svg(rows),
        "chart_key": weekly_chart_key(rows),
        "days_logged": len(entries),
        "mean_pain": round(sum(pains) / len(pains), 1) if pains else None,
        "total_km": round(sum(m or 0 for _, k, m, _n in sessions if k in RUN_TYPES) / 1000, 1),
        "flags": flags,
        "flags_more": flags_more,
        "plan": plan,
        "events": events,
        "events_more": events_more,
        "reviews": reviews,
        "reviews_more": reviews_more,
        "adherence": adherence,
        "notes": [
            ReportNote(written=timezone.localtime(n.written, zone), author=n.author, text=n.text)
            for n in list(notes)[-ROWS_SHOWN:]
        ],
        "notes_more": max(0, len(notes) - ROWS_SHOWN),
    }


def report_pdf(data: dict) -> bytes:
    """WeasyPrint through core.pdf: it can read our own static files and nothing else."""
    return html_to_pdf(render_to_string("plans/report.html", data))


REPORT_CACHE_SECONDS = 24 * 3600


def report_pdf_key(data: dict, html: str) -> str:
    """Where the PDF of this report's HTML is kept (see ``report_pdf_cached``)."""
    generated = dateformat.format(timezone.template_localtime(data["generated"]), "j M Y, H:i")  # as printed
    digest = hashlib.sha256(html.replace(generated, "").encode()).hexdigest()
    return f"report-pdf:{data['runner'].pk}:{data['version']}:{digest}"


def report_pdf_cached(data: dict) -> bytes:
    """The PDF, made once for what it shows and kept in Django's cache.

    The key is the runner, their journal version (journal.versions: raised by every write to entries,
    sessions and plans; read before the data, in ``report_data``) and a digest of the report's HTML without
    its "made at" time, so anything else it prints (a flag, a chosen note, the period, who asked) makes a
    new one; the PDF served from the cache says when it was made. A cache that fails costs a new PDF, never
    the download."""
    html = render_to_string("plans/report.html", data)
    key = report_pdf_key(data, html)
    try:
        pdf = cache.get(key)
    except Exception:  # a cache outage costs a render, never the download
        logger.warning("report cache unavailable; making the PDF", exc_info=True)
        return html_to_pdf(html)
    if pdf is None:
        pdf = html_to_pdf(html)
        try:
            cache.set(key, pdf, REPORT_CACHE_SECONDS)
        except Exception:  # the same: the download is still served
            logger.warning("report cache unavailable; PDF not kept", exc_info=True)
    return pdf


# --- made before it is asked for -------------------------------------------------------------------------
REPORT_WARM_TASK = "plans.report_warm"  # plans.tasks.report_warm
REPORT_WARM_SECONDS = 60  # the task's time limit, and how long one version's warm-up holds its claim
REPORT_WARM_EXPIRES = 300  # a warm-up still queued after five minutes is dropped: the physio has moved on


def _warm_key(stage: str, runner_id: int, version: int, author_id: int, start: dt.date, end: dt.date) -> str:
    """The cache key of one warm-up: "queued" (by the web process) or "made" (claimed by a worker)."""
    return f"report-warm:{stage}:{runner_id}:{version}:{author_id}:{start}:{end}"


def report_warm_queue(*, runner: User, author: User, start: dt.date, end: dt.date) -> None:
    """Has a worker make the PDF ``author`` is about to download (the report of ``start``-``end`` with no
    notes ticked), so the click a moment later is served from the cache. Queued by name: the web process
    never loads the task module (which loads WeasyPrint). A broker that is down costs the warm-up, never the
    page; with tasks run in-process (eager, as in the tests) it would make the PDF inside the page's own
    request, the opposite of its point, so nothing is queued."""
    if current_app.conf.task_always_eager:
        return
    # One queued warm-up per journal version, reader and period: a page opened again and again (the client
    # page is the physio's busiest) costs a query and a cache add, not a task and a worker's time each.
    queued = _warm_key("queued", runner.pk, journal_version(runner.pk), author.pk, start, end)
    try:
        if not cache.add(queued, 1, REPORT_WARM_EXPIRES):
            return
        current_app.send_task(
            REPORT_WARM_TASK,
            args=[runner.pk, author.pk, start.isoformat(), end.isoformat()],
            ignore_result=True,
            expires=REPORT_WARM_EXPIRES,
        )
    except Exception:
        logger.warning(
            "Could not queue the report warm-up for runner %s; the download will make it", runner.pk, exc_info=True
        )
        with contextlib.suppress(Exception):
            cache.delete(queued)  # the next page view tries again once the broker is back


def report_warm(*, runner_id: int, author_id: int, start: dt.date, end: dt.date) -> bool:
    """Makes and keeps the PDF ``author`` would download now, unless it is kept already or another worker is
    making it for this journal version. Returns whether this call made (or found) it.

    It serves nothing and shows nothing: the download view checks access, audits the download and renders
    its own report's HTML, and only a PDF kept under that same version and digest is served to it, so a
    warm-up made before a write (another version) or for another period, note or reader is never used."""
    users = User.objects.in_bulk([runner_id, author_id])
    runner, author = users.get(runner_id), users.get(author_id)
    if runner is None or author is None:  # an account deleted since the page was opened
        return False
    version = journal_version(runner_id)
    claim = _warm_key("made", runner_id, version, author_id, start, end)
    try:
        if not cache.add(claim, 1, REPORT_WARM_SECONDS):
            return False  # made or being made for this version already
    except Exception:
        logger.warning("report cache unavailable; no warm-up", exc_info=True)
        return False
    try:
        with timezone.override(author.zone):  # dates printed as the author's own download prints them
            report_pdf_cached(report_data(runner=runner, start=start, end=end, author=author))
    except BaseException:
        with contextlib.suppress(Exception):  # a failed or timed-out render leaves the next page view free
            cache.delete_many([claim, _warm_key("queued", runner_id, version, author_id, start, end)])  # to queue it
        raise
    return True


def report_response(data: dict) -> HttpResponse:
    """The PDF as a download that no browser or proxy keeps (health data); the server keeps it per journal
    version (``report_pdf_cached``)."""
    response = HttpResponse(report_pdf_cached(data), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="backtrack-report-{data["start"]:%Y-%m-%d}-{data["end"]:%Y-%m-%d}.pdf"'
    )
    response["Cache-Control"] = "no-store, private"
    return response
