"""The project's URLs with a stand-in for the journal's "save triage result" view.

Lets the result page's "Save to my journal" form be tested on its own, whether or not the journal
app's view has been merged (the real view replaces the stand-in's namespace here).
"""

from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as project_urlpatterns


def save_triage_stand_in(request):
    return HttpResponse("saved")


journal_stand_in = ([path("triage/save/", save_triage_stand_in, name="save_triage")], "journal")

urlpatterns = [pattern for pattern in project_urlpatterns if getattr(pattern, "namespace", None) != "journal"] + [
    path("journal/", include(journal_stand_in))
]
