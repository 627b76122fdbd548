"""Every write to meetings: keyword-only ``<noun>_<verb>`` functions, one transaction each.

Views, the demo and tasks call these through this package; nothing else saves a
meeting's records.
"""

from meetings.services.agenda import *  # noqa: F403
from meetings.services.calendar_tokens import *  # noqa: F403
from meetings.services.documents import *  # noqa: F403
from meetings.services.minutes import *  # noqa: F403
from meetings.services.public_agenda import *  # noqa: F403
from meetings.services.public_minutes import *  # noqa: F403
from meetings.services.rules import *  # noqa: F403
from meetings.services.scheduling import *  # noqa: F403
from meetings.services.summaries import *  # noqa: F403
