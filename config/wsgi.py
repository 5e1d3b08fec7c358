import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Work each web process would otherwise do on its first visitor's request: the check's blank first step
    (rendered once per process) and the templates of the busiest pages."""
    from django.template.loader import get_template

    from triage.views import blank_form_html

    blank_form_html()
    for name in ("base.html", "triage/form.html", "triage/result.html", "journal/dashboard.html"):
        get_template(name)


_warm_up()
