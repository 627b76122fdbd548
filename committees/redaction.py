"""The redaction guard (ACCESS.md): public text must not repeat restricted text.

Before a public text is published, it is compared with its committee's restricted
text of the last year (shared runs of 8 or more words, case- and punctuation-
insensitive) and with the district's forbidden terms. Each hit names the phrase, so
the author can rewrite it. Public text is written on its own; nothing here derives it.

Kinds of restricted text join by adding a function to ``RESTRICTED_TEXT``: a feature app
appends its own in its ``AppConfig.ready()`` (procedures do), so this module imports none.
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from committees.models import Committee

RUN = 8  # words
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Finding:
    kind: str  # "overlap" or "forbidden term"
    phrase: str

    def __str__(self) -> str:
        return f"{self.kind}: “{self.phrase}”"


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


RESTRICTED_TEXT: list[Callable[[Committee, datetime.datetime], Iterable[str]]] = []


def check(*, committee: Committee, text: str) -> list[Finding]:
    """What in ``text`` must not be published; an empty list means it may be."""
    since = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=365)
    restricted = (t for source in RESTRICTED_TEXT for t in source(committee, since))
    return overlaps(text, restricted) + forbidden_terms(text, committee.district.forbidden_terms)


def overlaps(text: str, restricted_texts: Iterable[str], run: int = RUN) -> list[Finding]:
    """Phrases of ``text`` that share a run of ``run`` or more words with restricted text."""
    runs: set[tuple[str, ...]] = set()
    for restricted in restricted_texts:
        words = [w.casefold() for w in _words(restricted or "")]
        runs.update(tuple(words[i : i + run]) for i in range(len(words) - run + 1))
    words = _words(text)
    folded = [w.casefold() for w in words]
    hit = [False] * len(words)
    for i in range(len(words) - run + 1):
        if tuple(folded[i : i + run]) in runs:
            hit[i : i + run] = [True] * run
    findings, start = [], None
    for i, flag in enumerate([*hit, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            findings.append(Finding("overlap", " ".join(words[start:i])))
            start = None
    return findings


def forbidden_terms(text: str, terms: Iterable[str]) -> list[Finding]:
    """The district's forbidden terms found in ``text``, as whole words."""
    folded = [w.casefold() for w in _words(text)]
    findings = []
    for term in terms:
        needle = [w.casefold() for w in _words(term)]
        if not needle:
            continue
        for i in range(len(folded) - len(needle) + 1):
            if folded[i : i + len(needle)] == needle:
                findings.append(Finding("forbidden term", term))
                break
    return findings
