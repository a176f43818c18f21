# The portal image: web (gunicorn), Celery worker and beat all run from it.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production

# gettext for compilemessages; pango, harfbuzz and Noto CJK for the Chinese PDF certificates.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them
# (pyproject.toml lists no packages: `pip install .` installs only the dependencies).
COPY pyproject.toml ./
RUN pip install .

COPY . .

# Production settings insist on a real SECRET_KEY and ALLOWED_HOSTS; these
# placeholders exist only while the build compiles translations and static files.
RUN SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py compilemessages -v0 \
    && SECRET_KEY=build-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput -v0

RUN useradd --system --home-dir /app --shell /usr/sbin/nologin tongxin \
    && mkdir -p /app/media \
    && chown -R tongxin /app/media
USER tongxin

EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
