"""Sends one templated mail, and queues mail tasks so that a save never fails because of mail.
Knows nothing of the domain: callers gather the data.

Each app's mail goes out from Celery tasks (``<app>/tasks.py``, with ``MAIL_TASK_OPTIONS``): the request
that saved something only queues the task once its transaction commits (``send_after_commit``), and
the task retries with backoff while the mail server is down. If the broker itself cannot take the
task, the mail is sent there and then instead, and a failure of that is logged, never raised: the
saved action always gets its success page.

Every subject gets the one format, ``[<SITE_NAME>] <subject>``, here (``format_subject``) and nowhere else:
the subject templates hold only their words, and allauth's account mail goes through the same function.

Every message has ``templates/emails/<name>/subject.txt`` (one line), ``body.txt`` and ``body.html``;
links are absolute, built from ``settings.SITE_URL``; ``site_name`` is ``settings.SITE_NAME``. The backend comes from settings (console in
development, locmem in tests, SMTP in production).
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# What a mail task retries on: the mail server refused, dropped or never answered (socket errors and
# timeouts are OSErrors). Anything else (a bug, a deleted row) fails at once and is logged by Celery.
RETRY_ON = (smtplib.SMTPException, OSError)
MAIL_TASK_OPTIONS = {
    "acks_late": True,
    "autoretry_for": RETRY_ON,
    "retry_backoff": 30,  # 30 s, 1 min, 2 min ... 32 min, then an hour between tries
    "retry_backoff_max": 3600,
    "retry_jitter": False,  # the waits above exactly, so the total below holds
    "max_retries": 14,  # 3,810 s for the first seven, 7 x 3,600 s after: about eight hours of trying
    "ignore_result": True,
    "time_limit": 120,
    "soft_time_limit": 100,
}


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def format_subject(subject: str) -> str:
    """The one subject format of every mail: ``[Backtrack] <subject>`` on one line.

    A subject that already starts with the prefix keeps just one (a template not yet moved to this rule)."""
    prefix = f"[{settings.SITE_NAME}]"
    words = " ".join(str(subject).split())
    while words.startswith(prefix):
        words = words[len(prefix) :].lstrip()
    return f"{prefix} {words}"


def send(template: str, *, to: str, context: dict) -> None:
    """Renders ``templates/emails/<template>/`` with ``context`` and sends it to one address."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = format_subject(render_to_string(f"emails/{template}/subject.txt", context))
    text = render_to_string(f"emails/{template}/body.txt", context)
    html = render_to_string(f"emails/{template}/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def send_after_commit(task, **kwargs) -> None:
    """Queues the mail ``task`` (a Celery task taking ids) once the current transaction commits.

    Never raises into the request: a broker that refuses the task gets the mail sent at once instead,
    and if that fails too the failure is logged.
    """
    transaction.on_commit(lambda: _queue(task, kwargs))


def _queue(task, kwargs: dict) -> None:
    try:
        # ignore_result: nobody waits for the answer (and a result subscription retries when Redis is down).
        task.apply_async(kwargs=kwargs, ignore_result=True)
    except Exception:
        logger.warning("Could not queue %s %s; sending it now instead", task.name, kwargs)
        try:
            task.run(**kwargs)
        except Exception:
            logger.exception("Could not send %s %s either; it is lost", task.name, kwargs)


def message_payload(message: EmailMessage) -> dict:
    """A rendered message as plain JSON for a task (subject, bodies, addresses, headers)."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "content_subtype": message.content_subtype,
    }


def message_from_payload(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload["content_subtype"]
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def send_message_later(message: EmailMessage) -> None:
    """Queues an already rendered message (allauth's account mail) on the ``core.send_email`` task, at once:
    the message carries everything, so it need not wait for a commit. Never raises into the request."""
    from core.tasks import send_email  # the task module imports this one

    message.subject = format_subject(message.subject)
    _queue(send_email, {"message": message_payload(message)})
