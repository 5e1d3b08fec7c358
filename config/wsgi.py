import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Work each web process would otherwise do on its first visitor's request: the check's blank first step
    (rendered once per process), the templates of the busiest pages, and WeasyPrint with its fonts (about
    0.4 s of CPU the first PDF of a process pays: a download the warm-up task has not made is then laid
    out in well under 500 ms)."""
    import logging

    from django.template.loader import get_template

    from core.pdf import html_to_pdf
    from triage.views import blank_form_html

    blank_form_html()
    for name in ("base.html", "triage/form.html", "triage/result.html", "journal/dashboard.html"):
        get_template(name)
    try:
        html_to_pdf("<p>Backtrack</p>")
    except Exception:  # the PDF libraries missing: the report says so when asked for; the site still starts
        logging.getLogger(__name__).warning("WeasyPrint could not start; PDF reports will fail", exc_info=True)


_warm_up()
