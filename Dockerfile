# One image for web, worker and beat (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# A Unicode font for PDF exports (committees/exports.py): names beyond Latin-1.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

COPY pyproject.toml README.md ./
RUN pip install .

COPY . .
# Static files are collected at build time and served by WhiteNoise.
# Translations are compiled from locale/*.po at build time, never committed.
RUN DEBUG=false SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput \
    && python manage.py compilemessages --ignore=.venv -v0 \
    && useradd --system --uid 1000 --home-dir /app portal \
    && mkdir -p /app/var/private && chown -R portal /app/var

USER portal
EXPOSE 8000
CMD ["gunicorn", "safety_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
