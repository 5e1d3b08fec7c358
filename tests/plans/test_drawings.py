"""Exercise drawings: simple SVG line drawings kept as static files (never uploaded), one chosen per
exercise or none, shown beside the steps on the runner's card and the physio's plan page."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from plans.models import DRAWINGS_DIR, Exercise, drawing_choices
from plans.services import plan_start
from tests.factories import CareLinkFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
FILES = sorted(DRAWINGS_DIR.glob("*.svg"))
ALLOWED_TAGS = {"svg", "title", "g", "line", "polyline", "circle", "path", "ellipse", "rect"}


def test_the_drawings_are_the_files_and_the_seeded_exercises_have_theirs():
    assert [name for name, _ in drawing_choices()] == ["sumo-squat-stretch.svg", "walking-lunge.svg"]
    assert dict(Exercise.objects.values_list("slug", "drawing")) == {
        "sumo-squat-stretch": "sumo-squat-stretch.svg",
        "walking-lunge": "walking-lunge.svg",
    }


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_drawing_is_a_plain_line_drawing_with_a_title_and_nothing_that_runs(path):
    text = path.read_text()
    root = ET.fromstring(text)  # noqa: S314 (our own files, checked here)
    assert root.tag == f"{SVG}svg"
    assert re.fullmatch(r"0 0 \d+ \d+", root.get("viewBox", ""))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert len(title.text.strip()) > 20
    for element in root.iter():
        assert element.tag.removeprefix(SVG) in ALLOWED_TAGS, element.tag
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), attribute
            assert "href" not in attribute.lower()
            assert "javascript" not in value.lower()
            if attribute == "fill":
                assert value == "none", "stroke only"
            if attribute == "stroke":
                assert value == "currentColor"
    assert "<script" not in text.lower()
    assert "style" not in text.lower()


def test_the_runners_card_shows_the_drawing_beside_the_steps(client, runner, monday):
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    lunge = page.split("Walking lunge: 2 × 10", 1)[1].split("</details>", 1)[0]
    assert re.search(r'<img src="/static/plans/exercises/walking-lunge[^"]*\.svg" alt=""', lunge)
    assert "Take a long step forward" in lunge


def test_an_exercise_with_no_drawing_shows_none(client, runner, monday):
    Exercise.objects.filter(slug="walking-lunge").update(drawing="")
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    client.force_login(runner)
    page = client.get(reverse("journal:dashboard")).content.decode()
    lunge = page.split("Walking lunge: 2 × 10", 1)[1].split("</details>", 1)[0]
    assert "<img" not in lunge
    assert "Take a long step forward" in lunge
    squat = page.split("Sumo squat stretch: 3 × 30 s hold", 1)[1].split("</details>", 1)[0]
    assert 'data-testid="exercise-drawing"' in squat


def test_a_drawing_file_that_has_gone_shows_nothing_rather_than_failing(client, runner, monday):
    Exercise.objects.filter(slug="walking-lunge").update(drawing="gone.svg")
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    client.force_login(runner)
    response = client.get(reverse("journal:dashboard"))
    assert response.status_code == 200
    assert "gone.svg" not in response.content.decode()


def test_the_physios_plan_page_shows_the_drawing_with_the_steps(client, runner, physio, monday):
    link = CareLinkFactory(runner=runner, physio=physio)
    plan_start(runner=runner, actor=runner, likely_cause="stiff_hip")
    client.force_login(physio)
    page = client.get(reverse("plans:client", args=[link.public_id])).content.decode()
    assert re.search(r'<img src="/static/plans/exercises/sumo-squat-stretch[^"]*\.svg" alt=""', page)
    assert "Sit down into a deep squat" in page


def test_an_admin_can_only_choose_one_of_the_files(client, admin_user):
    client.force_login(admin_user)
    lunge = Exercise.objects.get(slug="walking-lunge")
    url = reverse("admin:plans_exercise_change", args=[lunge.pk])
    form = client.get(url).content.decode()
    assert '<option value="sumo-squat-stretch.svg"' in form
    data = {
        "slug": lunge.slug,
        "title": lunge.title,
        "steps": lunge.steps,
        "sets": lunge.sets,
        "reps": lunge.reps,
        "hold_seconds": lunge.hold_seconds,
        "for_stiff_hip": "on",
        "drawing": "../../evil.svg",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    lunge.refresh_from_db()
    assert lunge.drawing == "walking-lunge.svg"
    assert client.post(url, {**data, "drawing": ""}).status_code == 302
    lunge.refresh_from_db()
    assert lunge.drawing == ""
