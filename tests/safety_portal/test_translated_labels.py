"""The labels that come from the models in Spanish and Portuguese (issue 18): statuses,
priorities, kinds, categories, positions and levels read in the page's language, while
the API and the CSV exports keep their stable English."""

import csv
import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from committees.models import Category, Level, RepresentationRule
from incidents.models import DrillCadence

pytestmark = pytest.mark.django_db


def _in(client, language: str | None):
    if language is None:
        client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    else:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# page -> (how to reach it, {language: labels it shows}). Each page is read by the chair
# of the high school's committee.
PAGES = {
    "the committee's action items": (
        lambda cast: reverse("followups:items", args=[cast.high.pk]),
        {
            "en": ["<td>Open</td>", "<td>Medium</td>", ">Committee</span>", ">Restricted</span>"],
            "es": ["<td>Abierta</td>", "<td>Media</td>", ">Comité</span>", ">Restringido</span>"],
            "pt": ["<td>Aberta</td>", "<td>Média</td>", ">Comitê</span>", ">Restrito</span>"],
        },
    ),
    "the committee": (
        lambda cast: reverse("committees:detail", args=[cast.high.pk]),
        {
            "en": ["<td>Chair</td>", "<td>Secretary</td>", "<td>Police officer</td>"],
            "es": ["<td>Presidente</td>", "<td>Secretario</td>", "<td>Agente de policía</td>"],
            "pt": ["<td>Presidente</td>", "<td>Secretário</td>", "<td>Policial</td>"],
        },
    ),
    "an incident": (
        lambda cast: reverse(
            "incidents:detail", args=[cast.incidents[("high", Level.COMMITTEE)].pk]
        ),
        {
            "en": [
                "Facility hazard",
                "<dd>Reported</dd>",
                "<dd>Moderate</dd>",
                ">Committee</span>",
            ],
            "es": [
                "Peligro en las instalaciones",
                "<dd>Reportado</dd>",
                "<dd>Moderada</dd>",
                ">Comité</span>",
            ],
            "pt": ["Perigo nas instalações", "<dd>Relatado</dd>", "<dd>Moderada</dd>"],
        },
    ),
}

# The English labels each page showed before; none of them stays in Spanish.
ENGLISH = {
    "the committee's action items": ["<td>Open</td>", "<td>Medium</td>", ">Restricted</span>"],
    "the committee": ["<td>Chair</td>", "<td>Police officer</td>", "<td>Other school staff</td>"],
    "an incident": ["Facility hazard", "<dd>Reported</dd>", "<dd>Moderate</dd>"],
}


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", ["es", "pt"])
def test_a_chairs_pages_show_the_models_labels_in_the_readers_language(cast, login, name, language):
    url, shows = PAGES[name]
    html = _page(_in(login(cast.chair), language), url(cast))
    for label in shows[language]:
        assert label in html, (name, language, label)
    if language == "es":
        for label in ENGLISH[name]:
            assert label not in html, (name, label)


@pytest.mark.parametrize("name", PAGES)
def test_in_english_the_same_pages_are_unchanged(cast, login, name):
    url, shows = PAGES[name]
    client = login(cast.chair)
    for language in (None, "en"):
        html = _page(_in(client, language), url(cast))
        for label in shows["en"]:
            assert label in html, (name, language, label)


def test_the_committee_page_names_a_seat_and_its_category_in_spanish(cast, login):
    RepresentationRule.objects.create(
        district=cast.district, category=Category.FIRE, or_categories=[Category.EMS]
    )
    html = _page(_in(login(cast.chair), "es"), reverse("committees:detail", args=[cast.high.pk]))
    assert "Bombero o técnico en emergencias médicas o paramédico" in html
    assert "<td>Otro personal escolar</td>" in html  # the chair's category
    assert "Firefighter" not in html


def test_the_drill_rule_reads_as_whole_sentences_in_each_language(cast):
    rule = DrillCadence.connecticut(cast.district)
    with translation.override("es"):
        spanish = rule.in_words()
    with translation.override("pt"):
        portuguese = rule.in_words()
    assert spanish == (
        "Connecticut (C.G.S. 10-231): un simulacro de incendio en los 30 días siguientes al "
        "primer día de clases, luego uno cada mes; cada 3.º mes, un simulacro de respuesta a "
        "crisis en su lugar"
    )
    assert portuguese.startswith("Connecticut (C.G.S. 10-231): um simulado de incêndio")
    assert rule.in_words() == (
        "Connecticut (C.G.S. 10-231): a fire drill within 30 days of the first school day, "
        "then one each month; every 3rd month a crisis response drill instead"
    )


def test_the_api_keeps_its_english_whatever_the_readers_language(cast, login):
    RepresentationRule.objects.create(
        district=cast.district, category=Category.FIRE, or_categories=[Category.EMS]
    )
    client = _in(login(cast.chair), "es")
    seats = client.get(
        reverse("api:committee-seats", args=[cast.high.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).json()
    assert [seat["label"] for seat in seats] == ["Firefighter or EMT or paramedic"]
    members = client.get(
        reverse("api:committee-memberships", args=[cast.high.pk]), HTTP_ACCEPT_LANGUAGE="es"
    ).json()["members"]
    assert {"chair", "secretary", "member"} <= {m["position"] for m in members}
    assert "police" in {m["category"] for m in members}


def test_the_action_items_export_keeps_its_english_in_spanish(cast, login):
    client = _in(login(cast.chair), "es")
    response = client.get(reverse("followups:items_csv", args=[cast.high.pk]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows
    assert {row["Status"] for row in rows} == {"Open"}
    assert {row["Visibility"] for row in rows} == {"Committee", "Restricted"}
    assert {row["Priority"] for row in rows} == {"Medium"}


def test_a_refused_status_move_is_one_sentence_in_the_readers_language():
    from followups.models import ActionItem
    from incidents.models import Incident

    item, incident = ActionItem.WORKFLOW, Incident.WORKFLOW
    assert item.refusal("done", "blocked") == "This item is done and cannot become blocked."
    with translation.override("es"):
        assert item.refusal("done", "blocked") == (
            "Esta tarea está hecha y no puede pasar a bloqueada."
        )
        assert incident.refusal("closed", "reported") == (
            "Este incidente está cerrado y no puede pasar a reportado."
        )
    with translation.override("pt"):
        assert item.refusal("open", "open") == "Esta tarefa está aberta e não pode passar a aberta."


def test_other_agrees_with_what_it_names_a_kind_or_the_categories():
    """One English word, two Spanish ones: a kind, a role or a way is "Otro", while the
    list of work categories ends with "Otros" (other things)."""
    from assessments.models import Assessor
    from compliance.models import CoReviewerRole
    from followups.models import WorkCategory
    from incidents.models import Incident
    from procedures.models import Procedure, ProcedureCopy

    singular = [Incident.Kind, Procedure.Kind, ProcedureCopy.How, Assessor.Role, CoReviewerRole]
    with translation.override("es"):
        assert {str(kind.OTHER.label) for kind in singular} == {"Otro"}
        assert str(WorkCategory.OTHER.label) == "Otros"
    with translation.override("pt"):
        assert {str(kind.OTHER.label) for kind in singular} == {"Outro"}
        assert str(WorkCategory.OTHER.label) == "Outros"
    assert {str(kind.OTHER.label) for kind in singular} == {"Other"}


def test_a_seat_proposal_and_a_refused_clearance_read_in_the_readers_language(cast):
    from committees.models import Membership, SeatProposal

    proposal = SeatProposal(category=Category.ADMINISTRATOR, restricted_clearance=True)
    assert proposal.summary == "represents administrator and restricted clearance"
    with translation.override("es"):
        assert proposal.summary == "representa a administrador y autorización restringida"
        assert SeatProposal().summary == "ningún cambio"
    with translation.override("pt"):
        assert proposal.summary == "representa administrador e autorização restrita"
    seat = Membership(
        user=cast.parent,
        committee=cast.high,
        category=Category.FAMILY,
        restricted_clearance=True,
        term_start=datetime.date(2026, 9, 1),
    )
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        seat.clean()
    said = refused.value.message_dict["restricted_clearance"][0]
    assert said.startswith("Los miembros de la categoría «Familia")
    assert "no pueden tener autorización restringida" in said and "members" not in said
