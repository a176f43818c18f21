import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_and_in_process_tasks(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True, "engine": "postgresql"}
    assert body["broker"]["mode"] == "in-process"


def test_healthz_reports_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    body = client.get("/healthz").json()
    assert body["broker"] == {"ok": True, "mode": "broker"}


def test_healthz_is_503_when_the_broker_is_down(client, settings):
    from portal.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = original
    assert response.status_code == 503
    assert response.json()["broker"]["ok"] is False
