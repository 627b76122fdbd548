import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safety_portal.settings")

django_application = get_wsgi_application()

# Stored public pages are answered before Django's handler (committees/public_cache.py);
# imported once the apps are loaded.
from committees.public_cache import front  # noqa: E402

application = front(django_application)
