"""A translated phrase with values put in, for rows made in Python.

``{% blocktranslate with name=person %}Remove {{ name }}{% endblocktranslate %}`` escapes
each value into the translated text and trusts the text itself. A row made in Python
(a list's rows are, see followups/list_views.py) writes the same phrase as
``fill(_("Remove %(name)s"), name=person)``: the same words, the same bytes. The message
is written with ``_()`` where it is used, so that ``makemessages`` finds it there.
Part of the shared kit: imports nothing of the project.
"""

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe


def fill(message: str, **values) -> SafeString:
    """``message`` (already translated) with each value escaped into its ``%(name)s``."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    # The message is ours, from the catalogues; only the values come from people.
    return mark_safe(message % escaped)  # noqa: S308
