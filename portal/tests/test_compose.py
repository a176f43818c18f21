"""Docker cannot run here, so the deployment files are checked as text: the
services are wired as documented and every variable they pass is one the
settings read."""

import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
SERVICES = ("web", "worker", "beat", "db", "redis")
PORTAL_SERVICES = ("web", "worker", "beat")
# Read by the postgres image, not by the portal.
DATABASE_IMAGE_VARIABLES = {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def services(compose) -> dict:
    return compose["services"]


def command_of(service: dict) -> str:
    command = service.get("command", "")
    return command if isinstance(command, str) else shlex.join(command)


def settings_variables() -> set[str]:
    """Every environment variable the base and production settings read."""
    names = set()
    for module in ("base.py", "production.py"):
        text = (ROOT / "portal" / "settings" / module).read_text(encoding="utf-8")
        names |= set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", text))
        names |= set(re.findall(r"[\"']([A-Z][A-Z0-9_]*)[\"']\s+in\s+env\b", text))
    return names


def read_elsewhere() -> set[str]:
    """Variables the entry points read before settings load."""
    names = set()
    for path in ("manage.py", "portal/wsgi.py", "portal/celery.py"):
        text = (ROOT / path).read_text(encoding="utf-8")
        names |= set(re.findall(r"os\.environ\.setdefault\(\s*\"([A-Z_]+)\"", text))
    return names


def env_example_variables() -> set[str]:
    text = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", text, flags=re.MULTILINE))


def test_the_five_services_exist_with_healthchecks(services):
    for name in SERVICES:
        assert name in services, name
        healthcheck = services[name].get("healthcheck")
        assert healthcheck and healthcheck.get("test"), name
        assert not healthcheck.get("disable"), name


def test_python_healthchecks_are_valid_python(services):
    for name, service in services.items():
        test = service.get("healthcheck", {}).get("test", [])
        if isinstance(test, list) and test[:3] == ["CMD", "python", "-c"]:
            compile(test[3], f"{name} healthcheck", "exec")


def test_web_runs_gunicorn_with_production_settings(services):
    web = services["web"]

    assert re.search(r"\bgunicorn portal\.wsgi\b", command_of(web))
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"


def test_worker_and_beat_run_celery_with_the_database_scheduler(services):
    assert command_of(services["worker"]).startswith("celery -A portal worker -l info")
    beat = command_of(services["beat"])
    assert beat.startswith("celery -A portal beat -l info")
    assert "django_celery_beat.schedulers:DatabaseScheduler" in beat


def test_database_and_redis_images(services):
    assert services["db"]["image"] == "postgres:15"
    assert services["redis"]["image"] == "redis:7"


def test_portal_services_wait_for_healthy_backends_and_migrations(services):
    migrate = command_of(services["migrate"])
    assert "manage.py migrate" in migrate and "manage.py sync_schedules" in migrate
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in PORTAL_SERVICES:
        depends = services[name]["depends_on"]
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
        assert depends["migrate"]["condition"] == "service_completed_successfully", name


def test_portal_services_share_env_file_and_media_volume(compose, services):
    for name in (*PORTAL_SERVICES, "migrate"):
        assert services[name]["env_file"] == ".env", name
        assert "media:/app/media" in services[name]["volumes"], name
    assert any(v.endswith(":/var/lib/postgresql/data") for v in services["db"]["volumes"])
    declared = set(compose["volumes"])
    for service in services.values():
        for volume in service.get("volumes", []):
            assert volume.split(":")[0] in declared, volume


def test_compose_and_env_example_only_use_variables_the_settings_read(compose, services):
    known = settings_variables() | read_elsewhere()
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    interpolated = set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", text))
    passed = set()
    for name in (*PORTAL_SERVICES, "migrate"):
        passed |= set(services[name].get("environment", {}))

    assert "DATABASE_URL" in known and "DJANGO_SETTINGS_MODULE" in known
    assert passed - known == set()
    assert interpolated - known - DATABASE_IMAGE_VARIABLES == set()
    assert env_example_variables() - known - DATABASE_IMAGE_VARIABLES == set()
    assert set(services["db"]["environment"]) <= DATABASE_IMAGE_VARIABLES


def test_env_example_documents_every_variable_the_settings_read():
    assert settings_variables() - env_example_variables() == set()


def test_dockerfile_builds_the_portal_image():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")

    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, flags=re.MULTILINE)
    assert "gettext" in dockerfile
    assert "pip install ." in dockerfile
    assert "manage.py compilemessages" in dockerfile
    assert "manage.py collectstatic --noinput" in dockerfile
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
