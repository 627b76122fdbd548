"""Every write to committees, seats and permissions.

Plain functions with keyword arguments, one transaction each. Views, forms, the
admin and tasks call these; nothing else saves these models.
"""

from committees.services.grants import *  # noqa: F403
from committees.services.membership import *  # noqa: F403
from committees.services.public_text import *  # noqa: F403
