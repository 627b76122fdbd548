"""A phrase filled in Python reads, byte for byte, as ``blocktranslate`` writes it."""

import pytest
from django.template import engines
from django.utils import translation
from django.utils.translation import gettext as _

from safety_portal.phrases import fill

TAG = "{% load i18n %}{% blocktranslate with name=name %}Remove {{ name }}{% endblocktranslate %}"


@pytest.mark.parametrize("language", ["en", "es", "pt"])
@pytest.mark.parametrize("name", ["Siobhan O'Brien", '<script>alert("x")</script> & co'])
def test_fill_writes_what_blocktranslate_writes(language, name):
    with translation.override(language):
        tag = engines["django"].from_string(TAG).render({"name": name})
        filled = fill(_("Remove %(name)s"), name=name)
    assert filled == tag
    assert "<script>" not in filled


def test_fill_trusts_the_message_and_escapes_only_the_values():
    assert fill("<b>%(name)s</b>", name="<i>") == "<b>&lt;i&gt;</b>"
