"""Every page in the reader's language (issue 18): the browser's for anyone not signed in,
the person's own once they sign in, the switcher's on every page; and the site's
stylesheet covers what the pages use."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from committees import access
from tests.factories import ActionItemFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def test_a_visitor_reads_home_and_sign_in_in_the_browsers_language(client):
    home = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9,en;q=0.5")
    assert '<html lang="pt">' in home.content.decode()
    assert "Membros dos comitês: entrem" in home.content.decode()
    assert "Accept-Language" in home["Vary"]
    sign_in = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in sign_in.content.decode()
    assert "<h1>Iniciar sesión</h1>" in sign_in.content.decode()
    assert "¿Es nuevo aquí u olvidó su contraseña?" in sign_in.content.decode()
    reset = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="pt").content.decode()
    assert "Defina ou redefina sua senha" in reset
    assert "Enviar o link" in reset


def test_a_public_address_keeps_its_language(client, cast):
    """/public/... is the English page, /es/public/... the Spanish one, whatever the
    browser asks: each is cached and linked on its own."""
    page = client.get(reverse("public:district", args=["westport"]), HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="en">' in page.content.decode()
    # The switcher gives the other addresses as links (a cached page holds no form).
    assert 'href="/es/public/westport/"' in page.content.decode()
    assert 'action="/i18n/setlang/"' not in page.content.decode()


def test_signing_in_applies_the_persons_language(client, cast):
    cast.parent.language = "pt"
    cast.parent.set_password("correct horse 42")
    cast.parent.save()
    response = client.post(
        reverse("login"),
        {"username": cast.parent.username, "password": "correct horse 42"},
        follow=True,
    )
    body = response.content.decode()
    assert '<html lang="pt">' in body
    assert "<h1>Hoje</h1>" in body


def test_the_switcher_on_a_signed_in_page_changes_every_page(client, cast, login):
    client = login(cast.chair)
    page = client.get(reverse("today")).content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert '<strong aria-current="true" lang="en">English</strong>' in page
    for code in ("es", "pt"):
        assert f'name="language" value="{code}"' in page
    client.post(reverse("set_language"), {"language": "es", "next": reverse("today")})
    today = access.scope_for(cast.chair).today
    ActionItemFactory(
        committee=cast.high,
        assignee=cast.chair,
        title="Revisar las cerraduras",
        due_date=today - datetime.timedelta(days=3),
    )
    body = client.get(reverse("today")).content.decode()
    assert "<h1>Hoy</h1>" in body
    # Dates are written the reader's way: "vencido desde el 30 de noviembre de 2026".
    late = today - datetime.timedelta(days=3)
    months = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto"]
    months += ["septiembre", "octubre", "noviembre", "diciembre"]
    assert f"vencido desde el {late.day} de {months[late.month - 1]} de {late.year}" in body


def test_every_page_has_the_favicon_and_the_table_script(client, cast, login):
    for response in (client.get(reverse("home")), login(cast.chair).get(reverse("today"))):
        body = response.content.decode()
        assert 'rel="icon"' in body
        assert "js/tables.js" in body
    assert (ROOT / "safety_portal/static/img/favicon.svg").read_text().startswith("<svg")


# Classes that carry no style of their own: hooks built from a value in the template.
HOOKS = {"message-", "period-", "status-", "changes", "inline", "link", "tl-months", "tl-row"}


def test_the_stylesheet_styles_every_class_the_pages_use():
    css = (ROOT / "safety_portal/static/css/site.css").read_text()
    styled = set(re.findall(r"\.([a-zA-Z][\w-]*)", css))
    used: dict[str, str] = {}
    for template in ROOT.glob("*/templates/**/*.html"):
        if template.relative_to(ROOT).parts[2] == "admin":
            continue  # Django admin's own, overridden: its stylesheet styles them
        for value in re.findall(r'class="([^"{]*)', template.read_text()):
            for name in value.split():
                used.setdefault(name, str(template.relative_to(ROOT)))
    missing = {name: where for name, where in used.items() if name not in styled | HOOKS}
    assert missing == {}
