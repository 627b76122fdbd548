"""What every floor shares: production-like settings, from the same environment the
runner gives the product (SECRET_KEY, ALLOWED_HOSTS, FLOOR_DATABASE_URL)."""

import os

import dj_database_url

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "bench-floor-only")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# As the product: one persistent connection per worker.
FLOOR_DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("FLOOR_DATABASE_URL", "postgres://root@127.0.0.1:5432/bench_floor"),
        conn_max_age=60,
    )
}
