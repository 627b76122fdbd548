"""What the admin's tests share: a superuser, the URL of a model's admin page, a fresh user."""

import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def superuser():
    return UserFactory(username="operator", is_superuser=True, is_staff=True, district=None)


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def fresh_user(user):
    """The user as a new request sees them (the gate caches a scope per user object)."""
    return User.objects.get(pk=user.pk)
