"""The signed-in pages in Spanish and Portuguese (issue 18): each page's own words come
from the catalogues, not only the navigation around them."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from committees.models import Level

pytestmark = pytest.mark.django_db

# page -> (who reads it, how to reach it, {language: a heading it shows}, English it no
# longer shows). The English phrases were on the page before it was translated.
PAGES = {
    "my committees": (
        ("chair", "parent"),
        lambda cast: reverse("portal:mine"),
        {"es": "<h1>Mis comités</h1>", "pt": "<h1>Meus comitês</h1>"},
        ["Add my meetings to my calendar", "Next meetings", "What needs me"],
    ),
    "the committee's action items": (
        ("chair", "parent"),
        lambda cast: reverse("followups:items", args=[cast.high.pk]),
        {"es": "<h1>Tareas</h1>", "pt": "<h1>Tarefas</h1>"},
        ["Overdue only", "Due this month", "Sort by", "Assigned to"],
    ),
    "an action item": (
        ("chair", "parent"),
        lambda cast: reverse(
            "followups:action_item", args=[cast.items[("high", Level.COMMITTEE)].pk]
        ),
        {"es": ">Historial</h2>", "pt": ">Histórico</h2>"},
        ["<dt>Priority</dt>", "<dt>Assigned to</dt>", "Changes on record"],
    ),
    "the plan": (
        ("chair", "parent"),
        lambda cast: reverse("followups:plan", args=[cast.plans["high"].pk]),
        {"es": "<h2>Hitos y tareas</h2>", "pt": "<h2>Marcos e tarefas</h2>"},
        ["Milestones and action items", "milestone target", "Public title:"],
    ),
    "my action items": (
        ("chair", "parent"),
        lambda cast: reverse("followups:my_items"),
        {"es": "<h1>Mis tareas</h1>", "pt": "<h1>Minhas tarefas</h1>"},
        ["My action items"],
    ),
    "my reports": (
        ("chair", "parent"),
        lambda cast: reverse("incidents:mine"),
        {"es": "<h1>Mis reportes</h1>", "pt": "<h1>Meus relatos</h1>"},
        ["My reports", "Report an incident"],
    ),
    "the incidents queue": (
        ("chair",),
        lambda cast: reverse("incidents:queue", args=[cast.high.pk]),
        {"es": "<h1>Incidentes</h1>", "pt": "<h1>Incidentes</h1>"},
        ["Open incidents, newest first.", "Report an incident", ">Severity<"],
    ),
    "the school's drills": (
        ("chair", "parent"),
        lambda cast: reverse("incidents:drills", args=[cast.high.pk]),
        {
            "es": "<h1>Simulacros: Westport High School</h1>",
            "pt": "<h1>Simulados: Westport High School</h1>",
        },
        ["School year", "District rule:", "<h2>Log</h2>", "All schools' drills"],
    ),
    "procedures": (
        ("chair",),
        lambda cast: reverse("procedures:procedures", args=[cast.high.pk]),
        {
            "es": "<h1>Procedimientos confidenciales</h1>",
            "pt": "<h1>Procedimentos confidenciais</h1>",
        },
        ["Confidential procedures", "Add a procedure", "Last reviewed"],
    ),
    "assessments": (
        ("chair", "parent"),
        lambda cast: reverse("assessments:list", args=[cast.high.pk]),
        {"es": "Evaluaciones de seguridad", "pt": "Avaliações de segurança"},
        ["Security assessments", "No assessment is recorded."],
    ),
    "a school's compliance calendar": (
        ("chair", "parent"),
        lambda cast: reverse("compliance:calendar", args=[cast.high.pk]),
        {"es": "<h2>Obligaciones abiertas</h2>", "pt": "<h2>Obrigações abertas</h2>"},
        # The state's duties by their titles in the reader's language too.
        ["Open duties", "Co-reviewers", "<h2>On record</h2>", ">Upcoming<", "Annual drills report"],
    ),
    "a compliance duty": (
        ("chair",),
        lambda cast: reverse("compliance:duty", args=[cast.duties["high"]["open"].pk]),
        {"es": "<h2>Completar esta obligación</h2>", "pt": "<h2>Concluir esta obrigação</h2>"},
        [
            "Complete this duty",
            "Add a co-reviewer",
            "Kept in private storage",
            "Annual drills report",
        ],
    ),
    "the district's compliance": (
        ("district_admin",),
        lambda cast: reverse("compliance:overview"),
        {"es": "<h2>Obligaciones vencidas</h2>", "pt": "<h2>Obrigações atrasadas</h2>"},
        ["Overdue duties", "those that need attention first", "Missed this school year"],
    ),
    "a finding's public label": (
        ("chair",),
        lambda cast: reverse(
            "assessments:finding_label", args=[cast.findings["high"]["completed"].pk]
        ),
        {
            "es": "<h1>Etiqueta pública del hallazgo</h1>",
            "pt": "<h1>Rótulo público da constatação</h1>",
        },
        ["Public label of the finding", "Public category", "Written on its own"],
    ),
    "planning an assessment": (
        ("chair",),
        lambda cast: reverse("assessments:plan", args=[cast.high.pk]),
        {"es": "Fecha de la evaluación", "pt": "Data da avaliação"},
        ["Date of the assessment", "keeps the questions as they are today", "(version 1)"],
    ),
    "the audit trail": (
        ("district_admin",),
        lambda cast: reverse("audit:trail"),
        {"es": "<h1>Registro de auditoría</h1>", "pt": "<h1>Trilha de auditoria</h1>"},
        ["<h1>Audit trail</h1>", "Nobody can edit or delete it.", "Export CSV", ">Who<"],
    ),
    "notification settings": (
        ("chair", "parent"),
        lambda cast: reverse("notifications:settings"),
        {"es": "<h1>Mis notificaciones</h1>", "pt": "<h1>Minhas notificações</h1>"},
        ["What to send, and when", "Language of my e-mail", "We send e-mail about"],
    ),
    "API tokens": (
        ("chair", "parent"),
        lambda cast: reverse("accounts:tokens"),
        {"es": "<h1>Tokens de la API</h1>", "pt": "<h1>Tokens da API</h1>"},
        ["<h1>API tokens</h1>", "Create token", "You have no API tokens.", "Expires after"],
    ),
    "the committee's page": (
        ("chair", "parent"),
        lambda cast: reverse("committees:detail", args=[cast.high.pk]),
        {"es": '<h2 id="members">Miembros</h2>', "pt": '<h2 id="members">Membros</h2>'},
        [">Representation</h2>", "Members by seat", ">Clearance<", ">Public updates<"],
    ),
    "adding a member": (
        ("chair",),
        lambda cast: reverse("committees:member_add", args=[cast.high.pk]),
        {"es": "<h1>Añadir un miembro</h1>", "pt": "<h1>Adicionar um membro</h1>"},
        ["Add to the committee", "Term starts", "Whom this person speaks for.", ">Cancel<"],
    ),
    "the committee's meetings": (
        ("chair", "parent"),
        lambda cast: reverse("meetings:list", args=[cast.high.pk]),
        {"es": "<h1>Reuniones</h1>", "pt": "<h1>Reuniões</h1>"},
        ["<h2>Upcoming</h2>", "<h2>Past</h2>", "the items every new meeting starts with"],
    ),
    "a meeting": (
        ("chair", "parent"),
        lambda cast: reverse("meetings:meeting", args=[cast.meetings["high"].pk]),
        {"es": '<h2 id="agenda">Orden del día</h2>', "pt": '<h2 id="agenda">Pauta</h2>'},
        ["<dt>When</dt>", "<h2>Public summary</h2>", "Record of changes", "Download minutes:"],
    ),
    "scheduling a meeting": (
        ("chair",),
        lambda cast: reverse("meetings:meeting_new", args=[cast.high.pk]),
        {"es": "<h1>Programar una reunión</h1>", "pt": "<h1>Agendar uma reunião</h1>"},
        ["Times are in the district", "Purpose in general terms", "Who may see this meeting"],
    ),
    "attendance": (
        ("chair",),
        lambda cast: reverse("meetings:meeting_attendance", args=[cast.meetings["high"].pk]),
        {"es": "<h1>Asistencia</h1>", "pt": "<h1>Presença</h1>"},
        ["Record attendance", ">Guests", "Note on "],
    ),
    "the standing agenda": (
        ("chair", "parent"),
        lambda cast: reverse("meetings:agenda_template", args=[cast.high.pk]),
        {"es": "<h1>Orden del día permanente</h1>", "pt": "<h1>Pauta permanente</h1>"},
        ["<h1>Standing agenda</h1>", "Every meeting scheduled from now on"],
    ),
    "my calendar": (
        ("chair", "parent"),
        lambda cast: reverse("meetings:calendar"),
        {
            "es": "<h1>Mis reuniones en mi calendario</h1>",
            "pt": "<h1>Minhas reuniões no meu calendário</h1>",
        },
        ["Private calendar address", "Make a new address", "Keep this address to yourself"],
    ),
    "public updates": (
        ("chair", "parent"),
        lambda cast: reverse("publishing:updates", args=[cast.high.pk]),
        {"es": "<h1>Novedades públicas</h1>", "pt": "<h1>Atualizações públicas</h1>"},
        ["What the community reads", ">Written by<", "<h1>Public updates</h1>"],
    ),
    "writing an update": (
        ("chair",),
        lambda cast: reverse("publishing:update_new", args=[cast.high.pk]),
        {
            "es": "<h1>Escribir una novedad pública</h1>",
            "pt": "<h1>Escrever uma atualização pública</h1>",
        },
        ["Plain words for families", ">Save<", "Public updates of"],
    ),
}

CASES = [
    pytest.param(page, role, language, id=f"{page}-{role}-{language}")
    for page, (roles, _url, _headings, _english) in PAGES.items()
    for role in roles
    for language in ("es", "pt")
]


@pytest.mark.parametrize(("page", "role", "language"), CASES)
def test_a_signed_in_page_speaks_the_readers_language(client, cast, login, page, role, language):
    _roles, url, headings, english = PAGES[page]
    client = login(cast.people[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url(cast))
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{language}">' in body
    assert headings[language] in body
    for phrase in english:
        assert phrase not in body, (page, role, language, phrase)


def test_the_same_pages_stay_english_without_a_choice(client, cast, login):
    """The catalogues change nothing for an English reader: the tests' English holds."""
    client = login(cast.chair)
    body = client.get(reverse("followups:items", args=[cast.high.pk])).content.decode()
    assert "<h1>Action items</h1>" in body and "Overdue only" in body
    body = client.get(reverse("portal:mine")).content.decode()
    assert "<h1>My committees</h1>" in body and "What needs me" in body


@pytest.mark.parametrize(("language", "december"), [("en", "Dec"), ("es", "Dic"), ("pt", "Dez")])
def test_the_plans_timeline_names_the_months_in_the_readers_language(
    client, cast, login, language, december
):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    body = client.get(reverse("followups:plan", args=[cast.plans["high"].pk])).content.decode()
    assert f'class="tl-month">{december}</text>' in body


@pytest.mark.parametrize(
    ("language", "said", "refused"),
    [
        ("es", "Nota de avance añadida.", "Describa las pruebas o adjunte un archivo."),
        ("pt", "Nota de progresso adicionada.", "Descreva a comprovação ou anexe um arquivo."),
    ],
)
def test_what_an_action_answers_is_in_the_readers_language(
    client, cast, login, language, said, refused
):
    item = cast.items[("high", Level.COMMITTEE)]
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    done = client.post(
        reverse("followups:item_progress", args=[item.pk]),
        {"note": "Called the vendor."},
        follow=True,
    ).content.decode()
    assert said in done and "Progress note added." not in done
    # Evidence with neither a note nor a file: the service's refusal, next to the form.
    page = client.post(reverse("followups:item_evidence", args=[item.pk]), {"note": ""})
    body = page.content.decode()
    assert refused in body and "Describe the evidence" not in body


@pytest.mark.parametrize(
    ("language", "said", "refused", "service_refused"),
    [
        (
            "es",
            "Se creó una dirección nueva; la anterior ya no funciona.",
            "El mandato no puede terminar antes de empezar.",
            "La reunión debe terminar después de empezar.",
        ),
        (
            "pt",
            "Endereço novo criado; o antigo não funciona mais.",
            "O mandato não pode terminar antes de começar.",
            "A reunião deve terminar depois de começar.",
        ),
    ],
)
def test_the_committees_and_meetings_answers_are_in_the_readers_language(
    client, cast, login, language, said, refused, service_refused
):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    done = client.post(reverse("meetings:calendar"), follow=True).content.decode()
    assert said in done and "New address made" not in done
    # A seat whose term ends before it starts: the form's refusal, next to the field.
    page = client.post(
        reverse("committees:member_add", args=[cast.high.pk]),
        {
            "email": "someone@example.org",
            "category": "family",
            "position": "member",
            "term_start": "2026-09-01",
            "term_end": "2026-08-01",
        },
    )
    body = page.content.decode()
    assert refused in body and "The term cannot end before it starts." not in body
    # A meeting that ends before it starts: the service's refusal, on the form.
    page = client.post(
        reverse("meetings:meeting_new", args=[cast.high.pk]),
        {
            "title": "Extra meeting",
            "kind": "special",
            "starts_at": "2027-01-20T16:00",
            "ends_at": "2027-01-20T15:00",
            "location": "Library",
        },
    )
    body = page.content.decode()
    assert service_refused in body and "The meeting must end after it starts." not in body


@pytest.mark.parametrize(
    ("language", "written"),
    [
        # "Wednesday, October 7, 2026, 5:00 PM EDT" the English way; day before month
        # and a 24-hour clock the Spanish and Portuguese way.
        ("en", r"[A-Z][a-z]+day, [A-Z][a-z]+ \d{1,2}, \d{4}, \d{1,2}:\d{2} [AP]\.?M\.?"),
        ("es", r"[a-záéíóú]+, \d{1,2} de [a-z]+ de \d{4}, \d{2}:\d{2}"),
        ("pt", r"[A-Za-zçáéíóúâêô-]+, \d{1,2} de [A-Za-zç]+ de \d{4}, \d{2}:\d{2}"),
    ],
)
def test_a_meetings_and_an_incidents_time_read_the_languages_way(
    client, cast, login, language, written
):
    client = login(cast.chair)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for url in (
        reverse("meetings:meeting", args=[cast.meetings["high"].pk]),
        reverse("incidents:detail", args=[cast.incidents[("high", Level.COMMITTEE)].pk]),
    ):
        body = client.get(url).content.decode()
        assert re.search(written, body), (url, language)
