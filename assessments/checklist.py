"""The built-in checklist a district can start from.

Modelled on the areas of the public federal school safety assessment guides (the
site assessment guides of CISA and the U.S. Department of Education's REMS centre);
the questions are written here in our own words. A district copies it into a
template of its own (``services.template_start``) and adjusts it there.
"""

from assessments.models import Area

BUILT_IN_NAME = "School security and vulnerability assessment"

BUILT_IN: dict[str, tuple[str, ...]] = {
    Area.PERIMETER: (
        "Is the campus boundary clearly marked, with fencing or natural barriers where "
        "the site calls for them?",
        "Are parking lots, walkways and play areas lit well enough after dark?",
        "Can staff see who approaches the building from the main office or a monitored post?",
        "Are vehicles kept away from building entrances and outdoor gathering areas?",
    ),
    Area.ENTRANCES: (
        "Is there a single designated visitor entrance, clearly signed from the street?",
        "Are visitors screened and identified before they reach students?",
        "Are visitors signed in, badged and signed out, and are badges collected?",
        "Are all other exterior doors kept closed and locked during the school day?",
    ),
    Area.DOORS: (
        "Can every classroom door be locked from the inside without opening it?",
        "Do exterior doors close and latch on their own, and is this checked regularly?",
        "Is there a current record of who holds which keys or access cards?",
        "Are lost keys or cards deactivated or rekeyed promptly?",
    ),
    Area.WINDOWS: (
        "Are ground-floor windows secured against entry when closed?",
        "Is glazing next to doors protected so that reaching through cannot open the lock?",
        "Can windows that cover doors be covered quickly in a lockdown?",
    ),
    Area.CAMERAS: (
        "Do cameras cover the entrances, parking areas and main corridors?",
        "Is recorded video kept for a set period and can it be retrieved quickly?",
        "Is the intrusion alarm working, monitored and tested on a schedule?",
        "Can responders reach camera views during an emergency?",
    ),
    Area.COMMUNICATION: (
        "Can the public address system be heard in every room and outdoor area?",
        "Can a lockdown be announced from more than one place in the building?",
        "Do staff carry radios or another means to reach the office from anywhere?",
        "Is there a tested way to reach families quickly during an emergency?",
    ),
    Area.PLANS: (
        "Has the emergency operations plan been reviewed with police and fire this year?",
        "Are the required drills held on schedule and reviewed afterwards?",
        "Are floor plans and site maps shared with first responders and up to date?",
        "Is there a reunification plan with a designated site?",
    ),
    Area.TRAINING: (
        "Have all staff been trained in the emergency procedures this school year?",
        "Are substitutes and new staff briefed on procedures before they start?",
        "Is there a behavioral threat assessment team, and is it trained?",
    ),
    Area.TRANSPORTATION: (
        "Are bus loading and pick-up areas separated from other traffic?",
        "Do drivers have student rosters and a way to reach the school?",
        "Have drivers been trained in the school's emergency procedures?",
    ),
}
