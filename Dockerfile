# One image for web (gunicorn), worker and beat (celery): see docker-compose.yml.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production

WORKDIR /app

# Dependencies first (pinned in pyproject.toml), so that a code change reuses this layer.
COPY pyproject.toml README.md ./
RUN pip install .

COPY . .

# Static files are built into the image (WhiteNoise serves them, hashed and compressed).
# A throw-away secret satisfies the settings during the build; it is not kept in the image.
RUN DJANGO_SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
    python manage.py collectstatic --no-input \
    && useradd --create-home --uid 1000 territoria \
    && mkdir -p /app/var/media \
    && chown -R territoria:territoria /app/var

USER territoria
EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind=0.0.0.0:8000", "--workers=2", "--access-logfile=-"]
