"""Navigation helpers: a link appears only when its page exists; the link of the current section is marked."""

from __future__ import annotations

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()


@lru_cache(maxsize=128)
def _url(url_name: str, script_prefix: str, urlconf: str) -> str:
    """The link's address, worked out once per process (prefix and URLconf): every page has the same menu."""
    try:
        return reverse(url_name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


def is_current(path: str, url: str, match: str = "") -> bool:
    """``match`` lists the path prefixes of the link's section; "exact" marks only the page itself.
    By default the section is every path under the link's URL."""
    if match == "exact":
        return path == url
    prefixes = match.split() if match else [url]
    return any(path.startswith(prefix) for prefix in prefixes)


@register.simple_tag(takes_context=True)
def nav_link(context, url_name: str, label: str, icon: str = "", match: str = "") -> str:
    url = _url(url_name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    if not url:
        return ""
    request = context.get("request")
    current = request is not None and is_current(request.path, url, match)
    icon_html = f'<i class="bi bi-{escape(icon)} me-1" aria-hidden="true"></i>' if icon else ""
    active, aria = (" active", ' aria-current="page"') if current else ("", "")
    return mark_safe(  # noqa: S308 - every value is escaped above or here
        f'<li class="nav-item"><a class="nav-link{active}" href="{escape(url)}"{aria}>{icon_html}{escape(label)}</a></li>'
    )
