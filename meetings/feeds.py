"""Meetings as iCal feeds: a private one per member, a public one per district.

The private feed sits behind a secret address instead of a sign-in (calendar
programs cannot sign in); it shows what the gate shows its owner at the moment
the calendar program asks. The public feed carries only published notices: time,
place and public title.
"""

import datetime

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from icalendar import Calendar, Event

from committees import public_cache
from committees.selectors import public_district
from meetings import selectors
from meetings.models import CalendarToken, Meeting

# Where a meeting has no end time, calendars show it for this long.
DEFAULT_LENGTH = datetime.timedelta(hours=1)


def _calendar(name: str, time_zone: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Safety Portal//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", time_zone)
    return calendar


def _event(request, meeting: Meeting, *, summary: str, location: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{request.get_host()}")
    event.add("dtstamp", datetime.datetime.now(datetime.UTC))
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH)
    cancelled = meeting.status == Meeting.Status.CANCELLED
    event.add("summary", f"Cancelled: {summary}" if cancelled else summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if location:
        event.add("location", location)
    event.add("url", request.build_absolute_uri(url))
    return event


def _response(calendar: Calendar, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    if private:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


def member_feed(request, token: str):
    """A member's meetings, as they may see them now; a replaced token is a 404."""
    holder = (
        CalendarToken.objects.select_related("user__district").filter(token=token).first()
        if token
        else None
    )
    if holder is None or not holder.user.is_active:
        raise Http404("No such calendar.")
    user = holder.user
    time_zone = user.district.time_zone if user.district else "UTC"
    calendar = _calendar(f"Safety committee meetings: {user.display_name}", time_zone)
    for meeting in selectors.calendar_meetings(user, via="ical"):
        lines = [f"{meeting.committee.name}, {meeting.get_kind_display()}"]
        if meeting.video_link:
            lines.append(f"Video: {meeting.video_link}")
        if meeting.visible_agenda:
            lines.append("Agenda:")
            lines += [f"{item.order}. {item.title}" for item in meeting.visible_agenda]
        event = _event(
            request,
            meeting,
            summary=meeting.title,
            location=meeting.location,
            url=reverse("meetings:meeting", args=[meeting.pk]),
        )
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return _response(calendar, "meetings.ics", private=True)


def public_feed(request, district: str):
    """The district's announced meetings: public title, time and place only."""
    district = public_district(district)
    calendar = _calendar(f"{district.name}: safety committee meetings", district.time_zone)
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(
        days=selectors.CALENDAR_PAST_DAYS
    )
    for notice in selectors.public_notices(district, since=since)[: selectors.CALENDAR_LIMIT]:
        calendar.add_component(
            _event(
                request,
                notice.meeting,
                summary=notice.title,
                location=notice.place,
                url=reverse("public:meeting", args=[district.slug, notice.meeting_id]),
            )
        )
    return _response(calendar, f"{district.slug}-meetings.ics", private=False)


@public_cache.cached
def public_meeting_feed(request, district: str, pk: int):
    """One announced meeting, to add to a calendar: built from its notice alone (the
    public title, time, status and place), as the district's public feed has it."""
    district = public_district(district)
    notice = selectors.public_notice(district, pk)
    calendar = _calendar(f"{district.name}: {notice.title}", district.time_zone)
    calendar.add_component(
        _event(
            request,
            notice.meeting,
            summary=notice.title,
            location=notice.place,
            url=reverse("public:meeting", args=[district.slug, notice.meeting_id]),
        )
    )
    return _response(calendar, f"{district.slug}-meeting-{notice.meeting_id}.ics", private=False)
