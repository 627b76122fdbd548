"""The demo's meetings: each school's year so far, its minutes, summaries and notices.

Called by the ``seed_demo`` command after ``committees.demo.seed``, whose people and
committees it finds by their usernames and schools. Idempotent: a meeting already there
(by committee and title) is left as it is, and so is a summary or a notice it has.
Writes go through the services, as they would in the product.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from auditlog.context import set_actor as acting_as
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils.text import slugify

from committees import access
from committees.demo import second_eyes
from committees.models import Committee, District, Level
from meetings import services
from meetings.models import (
    AgendaTemplateItem,
    Meeting,
    MinutesReleaseDecision,
    PublicAgenda,
    PublicMinutes,
)
from safety_portal import documents

User = get_user_model()

R = Level


@dataclass(frozen=True)
class Vote:
    motion: str
    mover: str
    seconder: str
    yes: int  # carried, none against or abstaining
    public_motion: str = ""  # an executive session's public record of it
    # A roll call instead of the count: every member present votes yes, except these
    # (username, choice); the counts follow from the roll.
    roll_call: bool = False
    roll_except: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Section:
    heading: str
    level: str
    body: str
    documents: str = ""  # the documents it refers to, one a line
    vote: Vote | None = None


@dataclass(frozen=True)
class DemoMeeting:
    committee: str  # a school's slug, or "district" for the district committee
    days: int  # from today: a meeting ahead has no attendance or minutes yet
    title: str
    kind: str = Meeting.Kind.REGULAR
    purpose: str = ""  # an executive session's, in general terms
    sections: tuple[Section, ...] = ()
    # None: restricted for an executive session, the committee otherwise; public for an
    # open meeting ahead, whose public agenda is posted (PUBLIC_AGENDA).
    visibility: str | None = None
    video_link: str = ""
    # Who took part remotely, and why: (username, reason).
    remote: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Summary:
    meeting: str  # the title of one of the high school committee's meetings
    text: str
    published: bool
    sent_back: str = ""  # a reviewer's comment: the draft went back to its author


@dataclass(frozen=True)
class Notice:
    committee: str
    meeting: str  # its title
    title: str  # as the public calendar shows it
    place: str


STANDING_AGENDA = [
    ("Review of the safety and security plan", 15),
    ("Drill results", 15),
    ("Open action items", 20),
    ("Concerns from the community", 10),
]
STANDING_AGENDA_AT = ("westport-high", "cedar-point", "harbor-view")

HIGH_MEETINGS = (
    DemoMeeting(
        committee="westport-high",
        days=-70,
        title="September meeting",
        sections=(
            Section(
                heading="Welcome and roles",
                level=R.COMMITTEE,
                body="The committee welcomed its new student representative and reviewed its "
                "charge under the district's safety policy.",
            ),
            Section(
                heading="Front office visitor badges",
                level=R.COMMITTEE,
                body="Visitors are signed in by hand and badges are not always returned.",
                vote=Vote(
                    motion="Adopt printed visitor badges at the front office",
                    mover="Linda Marsh",
                    seconder="James Okafor",
                    yes=7,
                ),
            ),
        ),
    ),
    DemoMeeting(
        committee="westport-high",
        days=-40,
        title="Lockdown drill debrief",
        kind=Meeting.Kind.DRILL_DEBRIEF,
        sections=(
            Section(
                heading="How the drill went",
                level=R.COMMITTEE,
                body="The drill took **6 minutes** to clear. Lunch duty staff could not reach "
                "the main office by radio; substitutes did not know the procedure.",
            ),
            Section(
                heading="Police evaluation",
                level=R.RESTRICTED,
                body="Officer Reyes found doors E-3 and E-5 unlocked during the sweep, and the "
                "loading dock is out of camera view after 3 p.m.",
                documents="Westport Police Department drill evaluation, October",
                vote=Vote(
                    motion="Ask the district to rekey the east-wing exterior doors",
                    mover="Daniel Reyes",
                    seconder="Aisha Bello",
                    yes=7,
                ),
            ),
        ),
    ),
    DemoMeeting(
        committee="westport-high",
        days=-12,
        title="Executive session: security measures",
        kind=Meeting.Kind.EXECUTIVE,
        purpose="To discuss security measures and the vulnerability assessment",
        sections=(
            Section(
                heading="Door-hardware survey",
                level=R.RESTRICTED,
                body="The master key for the east wing was reported missing on October 2. Six "
                "exterior doors need rekeying; the key holder list does not match the HR roster.",
                documents="Door hardware survey of exterior doors, October 2026\n"
                "Key holder list, reconciled with the HR roster",
                vote=Vote(
                    motion="Rekey doors E-3 through E-9 before winter break",
                    mover="James Okafor",
                    seconder="Linda Marsh",
                    yes=6,
                    public_motion="Approve repairs to door hardware before winter break",
                    roll_call=True,
                    roll_except=(("counselor.high", "abstain"),),
                ),
            ),
        ),
        remote=(("deputy.fire", "On duty at a fire call; joined by video"),),
    ),
    DemoMeeting(
        committee="westport-high",
        days=17,
        title="December meeting",
        visibility=R.PUBLIC,
        video_link="https://meet.westport.example.org/high-safety-december",
    ),
    # Two executive sessions of last school year, their minutes approved: one released
    # last spring (a public version written on its own), one kept closed under review.
    DemoMeeting(
        committee="westport-high",
        days=-270,
        title="March executive session: camera system bids",
        kind=Meeting.Kind.EXECUTIVE,
        purpose="To discuss the purchase of security equipment",
        sections=(
            Section(
                heading="Camera bids",
                level=R.RESTRICTED,
                body="Three vendors bid on cameras for the loading dock and the east stairwell; "
                "the lowest bid leaves the gym entrance without coverage until June.",
                vote=Vote(
                    motion="Accept the Harbor Security bid for the loading dock and stairwell",
                    mover="James Okafor",
                    seconder="Linda Marsh",
                    yes=6,
                    public_motion="Accept a bid for new security cameras",
                ),
            ),
        ),
    ),
    DemoMeeting(
        committee="westport-high",
        days=-200,
        title="May executive session: threat assessment",
        kind=Meeting.Kind.EXECUTIVE,
        purpose="To discuss a student threat assessment",
        sections=(
            Section(
                heading="Threat assessment",
                level=R.RESTRICTED,
                body="The team reviewed the threat assessment of a tenth-grade student and the "
                "safety plan agreed with the family and the school resource officer.",
            ),
        ),
    ),
)

# The executive session whose minutes were released last spring, and what the public
# reads of them (written on their own, never from the confidential minutes).
RELEASED = (
    "March executive session: camera system bids",
    "Security cameras",
    "The committee reviewed bids for new security cameras at the high school and accepted "
    "one. The cameras were installed over the summer.",
)
# The one kept closed: why, and when it is reviewed again (days from today).
KEPT_CLOSED = (
    "May executive session: threat assessment",
    "It concerns one student's threat assessment; the student is still enrolled.",
    120,
)
# Regular meetings whose approved minutes are posted for the public (restricted
# sections left out and marked as withheld).
POSTED_MINUTES = ("September meeting", "Lockdown drill debrief")
# The high school committee has approved the minutes of its meetings older than this
# (the secretary submitted them, the chair approved them); the newer ones are submitted
# and wait for the chair.
APPROVED_BEFORE_DAYS = -30

SUMMARIES = (
    Summary(
        meeting="September meeting",
        text="The committee welcomed its new student representative, reviewed its charge, and "
        "agreed to print visitor badges at the front office. Work on entrance security "
        "continues this year.",
        published=True,
    ),
    Summary(
        meeting="Lockdown drill debrief",
        text="The committee reviewed October's lockdown drill with the police department. "
        "Staff will receive a refresher on the January professional development day, and "
        "new two-way radios are being ordered for lunch duty.",
        published=False,
        sent_back="Families will ask when: please say the radios are expected before "
        "winter break, and that the next lockdown drill is in the spring.",
    ),
    Summary(
        meeting="Executive session: security measures",
        text="The committee met in executive session to discuss security measures and "
        "approved repairs to door hardware before winter break. The details stay "
        "confidential.",
        published=True,
    ),
)

# The other committees' year so far, in the order the demo records them.
OTHER_MEETINGS = (
    DemoMeeting(
        committee="cedar-point",
        days=-20,
        title="November meeting",
        sections=(
            Section(
                heading="Classroom door locks",
                level=R.COMMITTEE,
                body="The survey of classroom doors is complete; a budget request follows.",
            ),
        ),
    ),
    DemoMeeting(committee="harbor-view", days=10, title="December meeting", visibility=R.PUBLIC),
    DemoMeeting(
        committee="cedar-point",
        days=-75,
        title="September meeting",
        sections=(
            Section(
                heading="Arrival and dismissal",
                level=R.COMMITTEE,
                body="Car-line traffic backs onto Cedar Point Road at 7:50. The town traffic "
                "officer will observe two mornings and suggest changes.",
            ),
        ),
    ),
    DemoMeeting(
        committee="cedar-point",
        days=-48,
        title="Fire drill debrief",
        kind=Meeting.Kind.DRILL_DEBRIEF,
        sections=(
            Section(
                heading="Evacuation times",
                level=R.COMMITTEE,
                body="The building cleared in 3 minutes 40 seconds. The gym exit alarm was not "
                "heard in the music wing.",
                documents="Fire drill log, Cedar Point Middle School",
                vote=Vote(
                    motion="Ask facilities to test the music wing alarm horn",
                    mover="Hannah Osei",
                    seconder="Paul Novak",
                    yes=8,
                ),
            ),
        ),
    ),
    DemoMeeting(committee="cedar-point", days=45, title="January meeting", visibility=R.PUBLIC),
    DemoMeeting(
        committee="harbor-view",
        days=-35,
        title="October meeting",
        sections=(
            Section(
                heading="Reunification practice",
                level=R.COMMITTEE,
                body="Families asked how they would be told where to pick up children after an "
                "evacuation. The committee will draft a plain-language family guide.",
                documents="Standard Reunification Method, family handout "
                "https://iloveuguys.org/The-Standard-Reunification-Method.html",
            ),
            Section(
                heading="Reunification site",
                level=R.RESTRICTED,
                body="The alternate reunification site is the Saugatuck church hall; the key is "
                "held by the custodian and the pastor.",
            ),
        ),
    ),
    # The district committee's year so far.
    DemoMeeting(
        committee="district",
        days=-60,
        title="Fall coordination meeting",
        sections=(
            Section(
                heading="Bus evacuation drills",
                level=R.COMMITTEE,
                body="Every route will run its two bus evacuation drills by the end of October; "
                "the contractor will report completion per route.",
                documents="Saugatuck Student Transportation drill schedule, fall term",
            ),
            Section(
                heading="Radio interoperability",
                level=R.RESTRICTED,
                body="School radios cannot reach the police dispatch channel from the high "
                "school gym or the middle school basement; a repeater is being quoted.",
                vote=Vote(
                    motion="Ask the town to fund a radio repeater for the two buildings",
                    mover="Maria Delgado",
                    seconder="Michael Sullivan",
                    yes=9,
                ),
            ),
        ),
    ),
    # An executive session the whole committee knows of: its members without clearance
    # (the PTA council, the student, the bus contractor) see its public record and are
    # told that its full record is not theirs.
    DemoMeeting(
        committee="district",
        days=-25,
        title="Executive session: emergency communications",
        kind=Meeting.Kind.EXECUTIVE,
        visibility=R.COMMITTEE,
        purpose="To discuss the security of the district's emergency communications",
        sections=(
            Section(
                heading="Radio repeater placement",
                level=R.RESTRICTED,
                body="The repeater goes in the high school's mechanical penthouse; the police "
                "dispatch channel is reached from every building once it is in.",
                vote=Vote(
                    motion="Install the repeater in the high school mechanical penthouse",
                    mover="Michael Sullivan",
                    seconder="Karen Doyle",
                    yes=6,
                    public_motion="Approve the installation of emergency radio equipment",
                ),
            ),
        ),
    ),
    DemoMeeting(
        committee="district", days=24, title="Winter coordination meeting", visibility=R.PUBLIC
    ),
)

# Announced on the public calendar.
NOTICES = (
    Notice(
        committee="westport-high",
        meeting="September meeting",
        title="High school safety committee: September meeting",
        place="Westport High School",
    ),
    Notice(
        committee="westport-high",
        meeting="Executive session: security measures",
        title="High school safety committee: executive session",
        place="",
    ),
    Notice(
        committee="westport-high",
        meeting="December meeting",
        title="High school safety committee: December meeting",
        place="Westport High School",
    ),
    Notice(
        committee="district",
        meeting="Winter coordination meeting",
        title="District safety committee: winter coordination meeting",
        place="Westport Town Hall",
    ),
    Notice(
        committee="cedar-point",
        meeting="January meeting",
        title="Middle school safety committee: January meeting",
        place="Cedar Point Middle School",
    ),
    Notice(
        committee="harbor-view",
        meeting="December meeting",
        title="Elementary school safety committee: December meeting",
        place="Harbor View Elementary School",
    ),
)

# Who drafts each committee's public texts: its secretary, or its chair where it has none.
SECRETARIES = {
    "westport-high": "secretary.high",
    "cedar-point": "teacher.middle",
    "harbor-view": "chair.elementary",
    "district": "social.worker",
}

MILLBROOK_MEETINGS = (
    DemoMeeting(
        committee="millbrook-high",
        days=-30,
        title="October meeting",
        sections=(
            Section(
                heading="Visitor management",
                level=R.COMMITTEE,
                body="The committee reviewed sign-in at the main office and asked for a second "
                "camera view of the lobby.",
            ),
        ),
    ),
)


# The one meeting whose draft minutes are late in the demo.
LATE_MINUTES = ("cedar-point", "November meeting")
LATE_NOTICE_TITLE = "Emergency meeting: heating failure"


@dataclass(frozen=True)
class PacketDocument:
    item: str  # the agenda item's title; put on the agenda if the meeting has none such
    title: str
    level: str
    says: tuple[str, ...]  # the document's paragraphs


@dataclass(frozen=True)
class Packet:
    """The documents of an upcoming meeting's packet, uploaded by the committee's secretary."""

    committee: str
    meeting: str  # its title
    documents: tuple[PacketDocument, ...]
    # Who uploads it: one who records the committee's meetings, cleared for what is
    # restricted in it.
    uploader: str = "secretary.high"


PLAN = "Review of the safety and security plan"
DRILLS = "Drill results"
REUNIFICATION = PacketDocument(
    item=PLAN,
    title="Draft reunification map summary",
    level=R.COMMITTEE,
    says=(
        "Where families are reunited with students after an evacuation: the primary site, "
        "the alternate site, and the walking and bus routes between them.",
        "Draft for the committee's review; the public version follows once the district's "
        "communications office has approved it.",
    ),
)
FIRE_MARSHAL = PacketDocument(
    item=DRILLS,
    title="Fire marshal inspection letter",
    level=R.COMMITTEE,
    says=(
        "The annual fire inspection found the building in compliance, with two items to "
        "correct within thirty days: a propped stairwell door and an expired extinguisher "
        "tag in the kitchen.",
        "Brian Cole, Deputy Fire Marshal, Westport Fire Department.",
    ),
)
THREAT_PROTOCOL = PacketDocument(
    item=PLAN,
    title="Threat assessment protocol (staff only)",
    level=R.RESTRICTED,
    says=(
        "How the building's threat assessment team receives, rates and follows up a "
        "reported threat: who is called first, how a student's information is shared, and "
        "when the police are told.",
        "For cleared members of the committee only: not to be copied or forwarded.",
    ),
)

PACKETS = (
    Packet(
        committee="westport-high",
        meeting="December meeting",
        documents=(REUNIFICATION, THREAT_PROTOCOL, FIRE_MARSHAL),
    ),
    Packet(
        committee="westport-high",
        meeting=LATE_NOTICE_TITLE,
        documents=(
            PacketDocument(
                item="Heating failure: building status and repairs",
                title="Facilities report: boiler inspection",
                level=R.COMMITTEE,
                says=(
                    "The main boiler's ignition module failed overnight; the backup boiler "
                    "heats the classroom wings, not the gymnasium.",
                    "A replacement part is ordered; the contractor expects to finish the "
                    "repair within two school days.",
                ),
            ),
        ),
    ),
    Packet(
        committee="harbor-view",
        meeting="December meeting",
        documents=(
            REUNIFICATION,
            PacketDocument(
                item=DRILLS,
                title="Fire drill log, fall term",
                level=R.COMMITTEE,
                says=(
                    "Four fire drills this fall, all cleared in under three minutes; the "
                    "October drill found the library's exit sign dark.",
                ),
            ),
        ),
        uploader="chair.elementary",
    ),
    Packet(
        committee="cedar-point",
        meeting="January meeting",
        documents=(
            PacketDocument(
                item=PLAN,
                title="Classroom door lock survey results",
                level=R.COMMITTEE,
                says=(
                    "Of the building's classroom doors, most lock from inside; the rest "
                    "need new hardware, priced in the attached budget request.",
                ),
            ),
            THREAT_PROTOCOL,
            FIRE_MARSHAL,
        ),
        uploader="chair.middle",
    ),
    Packet(
        committee="district",
        meeting="Winter coordination meeting",
        documents=(
            PacketDocument(
                item="Reunification planning with the town",
                title="Draft reunification map summary",
                level=R.COMMITTEE,
                says=REUNIFICATION.says,
            ),
            PacketDocument(
                item="Reunification planning with the town",
                title="Emergency radio channel plan (staff only)",
                level=R.RESTRICTED,
                says=(
                    "Which radio channels the schools, the police and the fire department "
                    "use during an emergency, and who holds a radio at each school.",
                    "For cleared members of the committee only.",
                ),
            ),
        ),
        uploader="district.admin",
    ),
)


def seed() -> None:
    """Westport's meetings, minutes, summaries and notices; then Millbrook's meeting."""
    westport = District.objects.get(slug="westport")
    people = {user.username: user for user in User.objects.filter(district=westport)}
    today = access.district_today(westport)
    for slug in STANDING_AGENDA_AT:
        committee = _committee(westport, slug)
        if not AgendaTemplateItem.objects.filter(committee=committee).exists():
            for title, minutes in STANDING_AGENDA:
                services.agenda_template_item_add(
                    committee=committee, title=title, minutes=minutes, by=None
                )
    high = _committee(westport, "westport-high")
    for demo in HIGH_MEETINGS:
        _meeting(high, today, demo)
    secretary, chair = people["secretary.high"], people["chair.high"]
    for demo in HIGH_MEETINGS:
        meeting = Meeting.objects.get(committee=high, title=demo.title)
        if demo.days > 0 or meeting.minutes_state != "draft":
            continue
        with acting_as(secretary):
            services.minutes_submit(meeting=meeting, by=secretary)
        if demo.days < APPROVED_BEFORE_DAYS:
            with acting_as(chair):
                services.minutes_approve(meeting=meeting, by=chair)
    for summary in SUMMARIES:
        _summary(high, people, summary)
    for title in POSTED_MINUTES:
        _public_minutes(Meeting.objects.get(committee=high, title=title), people)
    _release_reviews(high, people, today)
    for demo in OTHER_MEETINGS:
        _meeting(_committee(westport, demo.committee), today, demo)
    # The other committees' draft minutes went in on time, but for one: late, it shows on
    # its recorders' Today page and on the district overview.
    for demo in OTHER_MEETINGS:
        meeting = Meeting.objects.get(
            committee=_committee(westport, demo.committee), title=demo.title
        )
        if (demo.committee, demo.title) == LATE_MINUTES or demo.days > 0:
            continue
        if meeting.minutes_state == "draft" and meeting.sections.exists():
            recorder = people[SECRETARIES[demo.committee]]
            with acting_as(recorder):
                services.minutes_submit(meeting=meeting, by=recorder)
    _late_notice(high, people["secretary.high"])
    for notice in NOTICES:
        _notice(_committee(westport, notice.committee), people, notice)
    for packet in PACKETS:
        _packet(_committee(westport, packet.committee), people, packet)
    for committee_slug, title in PUBLIC_AGENDAS:
        _public_agenda(_committee(westport, committee_slug), people, title)

    millbrook = District.objects.get(slug="millbrook")
    today = access.district_today(millbrook)
    for demo in MILLBROOK_MEETINGS:
        _meeting(_committee(millbrook, demo.committee), today, demo)


def _late_notice(committee: Committee, secretary) -> None:
    """A meeting called a few hours ahead: too late to post its notice on time, and its
    page says so to those who would post it."""
    if Meeting.objects.filter(committee=committee, title=LATE_NOTICE_TITLE).exists():
        return
    now = datetime.datetime.now(datetime.UTC).replace(minute=0, second=0, microsecond=0)
    with acting_as(secretary):
        services.meeting_schedule(
            committee=committee,
            title=LATE_NOTICE_TITLE,
            kind=Meeting.Kind.SPECIAL,
            starts_at=now + datetime.timedelta(hours=4),
            location="Library conference room",
            by=secretary,
        )


def packet_pdf(document: PacketDocument, committee: Committee) -> ContentFile:
    """A small, real PDF of the document, as a secretary would upload it."""
    pdf = documents.Document(
        title=document.title,
        filename=slugify(document.title),
        footer=f"{committee.name} · {document.item}",
    )
    pdf.add("title", document.title)
    if document.level == R.RESTRICTED:
        pdf.add("mark", documents.RESTRICTED_MARK)
    for paragraph in document.says:
        pdf.add("body", paragraph)
    return ContentFile(documents.render_pdf(pdf), name=f"{slugify(document.title)}.pdf")


def _packet(committee: Committee, people: dict, packet: Packet) -> None:
    """Its uploader adds the packet: each document on its agenda item."""
    meeting = Meeting.objects.get(committee=committee, title=packet.meeting)
    if meeting.files.exists():
        return
    uploader = people[packet.uploader]
    with acting_as(uploader):
        for document in packet.documents:
            item = meeting.agenda_items.filter(title=document.item).first()
            if item is None:
                item = services.agenda_item_add(meeting=meeting, title=document.item, by=uploader)
            services.meeting_document_add(
                holder=item,
                files=[packet_pdf(document, committee)],
                titles=[document.title],
                visibility=document.level,
                by=uploader,
            )


# The upcoming announced meetings, open meetings whose public agenda is posted: the items
# the committee marked public (after its standing, committee-level items) and, on the
# first, a public document in the packet.
PUBLIC_AGENDAS = (
    ("westport-high", "December meeting"),
    ("harbor-view", "December meeting"),
    ("district", "Winter coordination meeting"),
    ("cedar-point", "January meeting"),
)
PUBLIC_ITEMS = ("Public comment", "The spring drill calendar")
DRILL_CALENDAR = "Spring drill calendar"


def _public_agenda(committee: Committee, people: dict, title: str) -> None:
    """Public items and a public PDF on the first, then the agenda posted by a publisher."""
    meeting = Meeting.objects.get(committee=committee, title=title)
    if PublicAgenda.objects.filter(meeting=meeting).exists():
        return
    items = [
        services.agenda_item_add(meeting=meeting, title=item, visibility=R.PUBLIC, by=None)
        for item in PUBLIC_ITEMS
    ]
    _public_document(meeting, items[-1], people["district.admin"])
    publisher = people["district.admin"]
    with acting_as(publisher):
        services.public_agenda_post(meeting=meeting, by=publisher, video_link=True)


def _public_document(meeting: Meeting, item, by) -> None:
    """A one-page PDF on the item, public, uploaded as the packet's documents are."""
    doc = documents.Document(title=DRILL_CALENDAR, filename="spring-drill-calendar", footer="")
    doc.add("title", DRILL_CALENDAR)
    for month, drill in (
        ("March", "Lockdown drill"),
        ("April", "Fire drill"),
        ("May", "Evacuation drill"),
    ):
        doc.add("item", f"{month}: {drill}")
    with acting_as(by):
        services.meeting_document_add(
            holder=item,
            files=[ContentFile(documents.render_pdf(doc), name="spring-drill-calendar.pdf")],
            titles=[DRILL_CALENDAR],
            visibility=R.PUBLIC,
            by=by,
        )


def _committee(district: District, slug: str) -> Committee:
    if slug == "district":
        return Committee.objects.get(district=district, building__isnull=True)
    return Committee.objects.get(district=district, building__slug=slug)


def _summary(committee: Committee, people: dict, demo: Summary) -> None:
    """The secretary drafts it; the chair publishes it (four eyes)."""
    meeting = Meeting.objects.get(committee=committee, title=demo.meeting)
    if hasattr(meeting, "summary"):
        return
    with acting_as(people["secretary.high"]):
        summary, _ = services.summary_save(
            meeting=meeting, text=demo.text, by=people["secretary.high"]
        )
    if demo.published:
        with acting_as(people["chair.high"]):
            services.summary_publish(summary=summary, by=people["chair.high"])
    elif demo.sent_back:
        with acting_as(people["chair.high"]):
            services.summary_send_back(
                summary=summary, by=people["chair.high"], comment=demo.sent_back
            )


def _notice(committee: Committee, people: dict, demo: Notice) -> None:
    """The committee's secretary proposes; Maria Delgado approves (four eyes)."""
    meeting = Meeting.objects.get(committee=committee, title=demo.meeting)
    if hasattr(meeting, "notice"):
        return
    secretary = people[SECRETARIES[demo.committee]]
    with acting_as(secretary):
        proposed = services.meeting_notice_propose(
            meeting=meeting,
            title=demo.title,
            place=demo.place,
            purpose=meeting.public_purpose,
            by=secretary,
        )
    second_eyes(proposed, people, "district.admin")


# "September meeting" is held in September, whatever day the demo is seeded.
MONTHS = {datetime.date(2026, n, 1).strftime("%B"): n for n in range(1, 13)}


def meeting_day(today: datetime.date, demo: DemoMeeting) -> datetime.date:
    """The school day nearest ``today + demo.days`` on the same side of today (past or
    ahead, at least three days off): Monday to Thursday, never in the summer, the winter
    break or on Thanksgiving, and in the month a meeting's title names ("December
    meeting")."""
    target = today + datetime.timedelta(days=demo.days)
    month = MONTHS.get(demo.title.split()[0])
    if month:  # that month this school year, the last or the next
        first = datetime.date(today.year - 1, 1, 1)
        days = (first + datetime.timedelta(days=n) for n in range(3 * 366))
        candidates = [d for d in days if d.month == month]
    else:
        candidates = [target + datetime.timedelta(days=n) for n in range(-75, 76)]

    def fits(day: datetime.date) -> bool:
        ahead = day >= today + datetime.timedelta(days=3)
        behind = day <= today - datetime.timedelta(days=3)
        closed = (
            day.month in (7, 8)
            or (day.month, day.day) >= (12, 22)
            or (day.month, day.day) <= (1, 2)
            or (day.month == 11 and day.weekday() == 3 and 22 <= day.day <= 28)  # Thanksgiving
        )
        return day.weekday() <= 3 and not closed and (ahead if demo.days > 0 else behind)

    return min(filter(fits, candidates), key=lambda day: abs((day - target).days))


def _meeting(committee: Committee, today: datetime.date, demo: DemoMeeting) -> None:
    if Meeting.objects.filter(committee=committee, title=demo.title).exists():
        return
    day = meeting_day(today, demo)
    local = datetime.datetime.combine(
        day, datetime.time(15, 30), ZoneInfo(committee.district.time_zone)
    )
    executive = demo.kind == Meeting.Kind.EXECUTIVE
    meeting = services.meeting_schedule(
        committee=committee,
        title=demo.title,
        kind=demo.kind,
        public_purpose=demo.purpose,
        visibility=demo.visibility,
        video_link=demo.video_link,
        starts_at=local,
        ends_at=local + datetime.timedelta(hours=1, minutes=15),
        location=(
            ("Principal's office" if committee.building_id else "Town Hall, Room 201")
            if executive
            else "Library conference room"
        ),
        by=None,
    )
    if demo.days > 0:
        return  # upcoming: no attendance or minutes yet
    # An executive session's attendance lists only the members cleared for it.
    members = list(services.attendance_members(meeting).select_related("user"))
    remote = {
        m.pk: reason
        for m in members
        for username, reason in demo.remote
        if m.user.username == username
    }
    services.attendance_record(
        meeting=meeting,
        by=None,
        statuses={m.pk: "present" for m in members},
        modes=dict.fromkeys(remote, "remote"),
        remote_reasons=remote,
        guests=[("Brian Cole", "Westport Fire Department")] if demo.days < -30 else [],
    )
    for part in demo.sections:
        section = services.minutes_section_add(
            meeting=meeting,
            heading=part.heading,
            body=part.body,
            documents=part.documents,
            visibility=part.level,
            by=None,
        )
        if part.vote:
            services.vote_record(
                section=section,
                motion=part.vote.motion,
                mover=part.vote.mover,
                seconder=part.vote.seconder,
                result="carried",
                yes=part.vote.yes,
                public_motion=part.vote.public_motion,
                roll=_roll(members, part.vote),
                by=None,
            )


def _roll(members: list, vote: Vote) -> dict[int, str] | None:
    if not vote.roll_call:
        return None
    choices = dict(vote.roll_except)
    return {m.pk: choices.get(m.user.username, "yes") for m in members}


def _public_minutes(meeting: Meeting, people: dict) -> None:
    """The secretary prepares them from the approved minutes; the chair publishes them."""
    if PublicMinutes.objects.filter(meeting=meeting).exists():
        return
    secretary, chair = people["secretary.high"], people["chair.high"]
    with acting_as(secretary):
        minutes = services.public_minutes_prepare(meeting=meeting, by=secretary)
    with acting_as(chair):
        services.public_minutes_publish(minutes=minutes, by=chair)


def _release_reviews(committee: Committee, people: dict, today: datetime.date) -> None:
    """Last spring the chair released the March session's minutes (the secretary wrote
    the public version, the chair published it); the May session's are kept closed."""
    secretary, chair = people["secretary.high"], people["chair.high"]
    title, heading, body = RELEASED
    released = Meeting.objects.get(committee=committee, title=title)
    if not released.release_decisions.exists():
        with acting_as(chair):
            decision = services.minutes_release_decide(
                meeting=released, decision="release", by=chair
            )
        with acting_as(secretary):
            minutes, _findings = services.public_minutes_save(
                minutes=released.public_minutes,
                parts=[{"heading": heading, "body": body}],
                by=secretary,
            )
        with acting_as(chair):
            services.public_minutes_publish(minutes=minutes, by=chair)
        # Decided and published last spring: the demo's one write around the services,
        # dating the record to when it happened.
        spring = datetime.datetime.combine(
            released.starts_at.date() + datetime.timedelta(days=60),
            datetime.time(16),
            ZoneInfo(committee.district.time_zone),
        )
        MinutesReleaseDecision.objects.filter(pk=decision.pk).update(at=spring)
        PublicMinutes.objects.filter(pk=minutes.pk).update(published_at=spring)
    title, reason, days = KEPT_CLOSED
    closed = Meeting.objects.get(committee=committee, title=title)
    if not closed.release_decisions.exists():
        with acting_as(chair):
            services.minutes_release_decide(
                meeting=closed,
                decision="keep_closed",
                reason=reason,
                next_review_on=today + datetime.timedelta(days=days),
                by=chair,
            )
