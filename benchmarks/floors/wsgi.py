"""The floors' WSGI entry: DJANGO_SETTINGS_MODULE names the floor."""

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
