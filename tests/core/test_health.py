import pytest


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_redis_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["redis"] == "ok"


@pytest.mark.django_db
def test_healthz_is_503_when_redis_is_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {**response.json(), "status": "degraded", "redis": "down", "database": "ok"}


@pytest.mark.django_db
def test_manifest_lets_runners_add_backtrack_to_a_home_screen(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    data = response.json()
    assert data["name"] == "Backtrack"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}


@pytest.mark.django_db
def test_home_page_has_product_name_favicon_and_no_cdn(client):
    html = client.get("/").content.decode()
    assert "Backtrack" in html
    assert "favicon.ico" in html
    assert "/static/vendor/bootstrap-5.3.8/css/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
    assert "<script>" not in html  # no inline script (CSP)
