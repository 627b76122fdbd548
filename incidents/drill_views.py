"""Drills: the district at a glance, each building's calendar and log, one drill."""

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees.access import Cap
from committees.badges import visibility_badge
from incidents import cadence, drills
from incidents.forms import (
    CadenceForm,
    DrillForm,
    DrillHeldForm,
    FollowUpForm,
    ObserverForm,
    ProblemForm,
    SchoolYearForm,
)
from incidents.models import Drill, DrillProblem, SchoolYear
from safety_portal import choices, documents, markup, paths
from safety_portal.phrases import fill
from safety_portal.school_calendar import school_year_of
from safety_portal.view_helpers import committee_or_404, form_errors


def _year(request, district) -> int:
    """The school year asked for (?year=2025), or the current one."""
    current = school_year_of(access.district_today(district))
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        return current
    return year if 2000 <= year <= current + 1 else current


ONE_DAY = datetime.timedelta(days=1)
# What a row of the calendar's log shows: none of a drill's notes or who recorded it.
LOG_FIELDS = ["kind", "planned_for", "held_at", "duration_minutes", "participants", "visibility"]


def _drill(request, pk) -> Drill:
    return selectors.get_visible_or_404(
        request.user,
        Drill.objects.select_related("building", "committee__district", "recorded_by"),
        pk=pk,
    )


def _year_choices(year: int, current: int) -> list[tuple[int, str]]:
    return [(y, f"{y}–{str(y + 1)[-2:]}") for y in range(current + 1, current - 4, -1)]


@functools.lru_cache(maxsize=8)
def _blank_drill_form(language: str | None) -> str:
    """The fields of the empty "plan or log a drill" form at the foot of the calendar:
    the same for every recorder in a language (its fields and choices are written in
    code, none read from the database), so rendered once per process and language.
    Django renders each widget through a template: this form was a fifth of the page."""
    return render_to_string("committees/includes/form_fields.html", {"form": DrillForm()})


@login_required
def overview(request):
    """Each school the reader may see: drills held, due and missing this school year."""
    committees = [c for c in selectors.committees_for(request.user) if c.building_id]
    if not committees:
        return render(request, "incidents/drill_overview.html", {"rows": [], "year": None})
    district = request.user.district  # the committees' own: districts are walled off
    year = _year(request, district)
    today = access.district_today(district)
    school_year, calendars = cadence.calendars(district, [c.pk for c in committees], year, today)
    rows = [(c, cadence.summary(calendars.get(c.pk, []))) for c in committees]
    return render(
        request,
        "incidents/drill_overview.html",
        {
            "rows": rows,
            "year": year,
            "years": _year_choices(year, school_year_of(today)),
            "school_year": school_year,
            "cadence": cadence.cadence_of(district),
            "district_admin": request.user.is_district_admin,
        },
    )


# A period of the calendar and a drill of the log, their values escaped into them
# (safety_portal/markup.py), as the action-item list's rows are.
PERIOD_ROW = (
    '<tr class="period-{status}"><td>{number}</td><td>{kind}</td><td>{window}</td>'
    "<td><strong>{state}</strong></td><td>{drill}</td></tr>\n"
)
LOG_ROW = (
    '<tr data-visibility="{level}"><td><a href="{url}">{kind}</a> {badge}</td>'
    "<td>{planned}</td><td>{held}</td><td>{duration}</td><td>{participants}</td></tr>\n"
)


def _periods(periods, readable: set[int]) -> str:
    """The calendar's rows: each period, what it owes, its window, how it stands, and the
    drill that met it (or is planned in it), a link where the reader may open it."""
    states = {"held": _("Held"), "due": _("Due now"), "missing": _("Missing")}
    rows = []
    for period in periods:
        drill = period.held or period.planned
        if period.held:
            day = documents.written(timezone.localtime(drill.held_at), "MONTH_DAY_FORMAT")
            said = fill(_("held %(date)s"), date=day)
        elif period.planned:
            day = documents.written(drill.planned_for, "MONTH_DAY_FORMAT")
            said = fill(_("planned for %(date)s"), date=day)
        else:
            said = "—"
        if drill is not None and drill.pk in readable:
            said = format_html(
                '<a href="{}">{}</a>', paths.path_to("incidents:drill", drill.pk), said
            )
        starts = documents.written(period.starts, "MONTH_DAY_FORMAT")
        rows.append(
            {
                "status": period.status,
                "number": period.number,
                "kind": period.kind_label,
                "window": f"{starts} – {documents.written(period.ends, 'DATE_FORMAT')}",
                "state": states.get(period.status, _("Upcoming")),
                "drill": said,
            }
        )
    return markup.rows(PERIOD_ROW, rows)


def _log(log) -> str:
    """The log's rows: each drill's kind (its link), level, planned day, when it was held
    (in the district's zone), how long it took and how many took part."""
    kinds, not_yet = choices.labels(Drill, "kind"), _("not yet")
    return markup.rows(
        LOG_ROW,
        (
            {
                "level": drill.visibility,
                "url": paths.path_to("incidents:drill", drill.pk),
                "kind": kinds.get(drill.kind, drill.kind),
                "badge": visibility_badge(drill.visibility),
                "planned": documents.written(drill.planned_for, "DATE_FORMAT")
                if drill.planned_for
                else "—",
                "held": documents.written(timezone.localtime(drill.held_at), "DATETIME_FORMAT")
                if drill.held_at
                else not_yet,
                "duration": fill(_("%(n)s min"), n=drill.duration_minutes)
                if drill.duration_minutes
                else "—",
                "participants": drill.participants or "—",
            }
            for drill in log
        ),
    )


@login_required
def committee_drills(request, pk):
    """The building's drill calendar against the cadence, and its log of drills."""
    committee = committee_or_404(request, pk)
    if committee.building_id is None:
        raise Http404("This committee has no school of its own.")
    district = committee.district
    year = _year(request, district)
    today = access.district_today(district)
    school_year, calendars = cadence.calendars(district, [committee.pk], year, today)
    periods = calendars.get(committee.pk, [])
    start, end = cadence.year_window(district, year, school_year)
    log = access.visible(request.user, Drill.objects.all(), committees=[committee.pk])
    log = list(
        (
            log.filter(held_at__gte=start, held_at__lt=end)
            | log.filter(
                held_at__isnull=True, planned_for__range=(start.date(), end.date() - ONE_DAY)
            )
        )
        .order_by("-held_at", "-planned_for")
        .only(*LOG_FIELDS)
    )
    recorder = access.can(request.user, Cap.RECORD_MEETINGS, committee)
    return render(
        request,
        "incidents/drills.html",
        {
            "committee": committee,
            "year": year,
            "years": _year_choices(year, school_year_of(today)),
            "school_year": school_year,
            "cadence": cadence.cadence_of(district),
            "periods": _periods(periods, {drill.pk for drill in log}),
            "summary": cadence.summary(periods),
            "log": _log(log),
            "recorder": recorder,
            "form_fields": _blank_drill_form(translation.get_language()) if recorder else None,
        },
    )


@login_required
@require_POST
def drill_new(request, pk):
    committee = committee_or_404(request, pk)
    if committee.building_id is None:
        raise Http404("This committee has no school of its own.")
    if not access.can(request.user, Cap.RECORD_MEETINGS, committee):
        raise PermissionDenied
    form = DrillForm(request.POST)
    if form.is_valid():
        try:
            drill = drills.drill_plan(
                building=committee.building, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_errors(form, error)
        else:
            messages.success(request, _("Drill logged.") if drill.held_at else _("Drill planned."))
            return redirect("incidents:drill", pk=drill.pk)
    messages.error(request, _("The drill was not saved.") + " " + _errors(form))
    return redirect("incidents:drills", pk=committee.pk)


@login_required
def drill_detail(request, pk):
    drill = _drill(request, pk)
    recorder = access.can(request.user, Cap.RECORD_MEETINGS, drill)
    return render(
        request,
        "incidents/drill_detail.html",
        {
            "drill": drill,
            "observers": drill.observers.all(),
            "problems": drill.problems.select_related("action_item"),
            "recorder": recorder,
            "assigner": access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, drill),
            "held_form": DrillHeldForm(
                initial={
                    "held_at": drill.held_at,
                    "duration_minutes": drill.duration_minutes,
                    "participants": drill.participants,
                }
            ),
            "observer_form": ObserverForm(),
            "problem_form": ProblemForm(),
            "follow_up_form": FollowUpForm(),
        },
    )


def _errors(form) -> str:
    """A form's errors in one line for a message: 'Held at: Enter a valid date/time.'"""
    return " ".join(
        f"{form.fields[name].label}: {' '.join(errors)}"
        if name in form.fields
        else " ".join(errors)
        for name, errors in form.errors.items()
    )


def _drill_step(form_class, save, done: str):
    """A recorder's POST on one drill: ``save(drill=, by=, **data)``; a refusal or bad
    input is shown on the drill's page and nothing is half-saved."""

    @login_required
    @require_POST
    def view(request, pk):
        drill = _drill(request, pk)
        if not access.can(request.user, Cap.RECORD_MEETINGS, drill):
            raise PermissionDenied
        form = form_class(request.POST)
        if not form.is_valid():
            messages.error(request, _errors(form))
            return redirect("incidents:drill", pk=drill.pk)
        try:
            save(drill=drill, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, done)
        return redirect("incidents:drill", pk=drill.pk)

    return view


drill_held = _drill_step(DrillHeldForm, drills.drill_held, gettext_lazy("Recorded as held."))
observer_add = _drill_step(
    ObserverForm, drills.drill_observer_add, gettext_lazy("Observer's evaluation recorded.")
)
problem_add = _drill_step(ProblemForm, drills.drill_problem_add, gettext_lazy("Problem recorded."))


@login_required
@require_POST
def problem_follow_up(request, pk):
    """A problem found in a drill becomes an action item (the committee's assigners)."""
    problem = get_object_or_404(
        DrillProblem.objects.select_related("drill"),
        pk=pk,
        drill__in=access.visible(request.user, Drill.objects.all()),
    )
    if not access.can(request.user, Cap.ASSIGN_ACTION_ITEMS, problem.drill):
        raise PermissionDenied
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            item = drills.drill_problem_action_item(
                problem=problem, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Follow-up created."))
            return redirect("followups:action_item", pk=item.pk)
    else:
        messages.error(request, _errors(form))
    return redirect("incidents:drill", pk=problem.drill_id)


@login_required
def school_calendar(request):
    """The district's school years and drill rule, set by its safety administrators."""
    user = request.user
    if not (user.is_district_admin and user.district_id):
        raise PermissionDenied
    district = user.district
    current = school_year_of(access.district_today(district))
    years = [current + 1, current, current - 1]
    rule = cadence.cadence_of(district)
    year_form = SchoolYearForm(years=years, initial={"year": current})
    rule_form = CadenceForm(
        initial={
            f: getattr(rule, f)
            for f in ("profile", "first_within_days", "every_months", "kind")
            + ("alternate_kind", "alternate_every")
        }
    )
    if request.method == "POST":
        bound = (
            SchoolYearForm(request.POST, years=years)
            if "first_day" in request.POST
            else CadenceForm(request.POST)
        )
        if bound.is_valid():
            try:
                if isinstance(bound, SchoolYearForm):
                    drills.school_year_set(district=district, by=user, **bound.cleaned_data)
                else:
                    drills.drill_cadence_set(district=district, by=user, **bound.cleaned_data)
            except ValidationError as error:
                form_errors(bound, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("incidents:school_calendar")
        if isinstance(bound, SchoolYearForm):
            year_form = bound
        else:
            rule_form = bound
    return render(
        request,
        "incidents/school_calendar.html",
        {
            "school_years": SchoolYear.objects.filter(district=district),
            "year_form": year_form,
            "rule_form": rule_form,
            "cadence": rule,
        },
    )
