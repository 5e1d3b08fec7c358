"""Sends one templated mail. Knows nothing of the domain: callers gather the data.

Every message has ``templates/emails/<name>/subject.txt`` (one line), ``body.txt`` and ``body.html``;
links are absolute, built from ``settings.SITE_URL``; ``site_name`` is ``settings.SITE_NAME``. The backend comes from settings (console in
development, locmem in tests, SMTP in production).
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def send(template: str, *, to: str, context: dict) -> None:
    """Renders ``templates/emails/<template>/`` with ``context`` and sends it to one address."""
    context = {"site_url": settings.SITE_URL, "site_name": settings.SITE_NAME, **context}
    subject = " ".join(render_to_string(f"emails/{template}/subject.txt", context).split())
    text = render_to_string(f"emails/{template}/body.txt", context)
    html = render_to_string(f"emails/{template}/body.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
