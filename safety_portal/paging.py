"""Pages of a long list that cost what a page shows, not what the list holds.

Django's ``Paginator`` counts every row of the list to number its pages: on a committee
with years of history, that count reads thousands of rows on each request, and more each
year. Here the count stops at ``COUNT_UP_TO`` rows. Below it, a reader gets what they would
expect from a list they filter ("12 items", "page 1 of 1"); above it, "more than 1,000
items" and pages by next and previous, each page read by its index in order (one row more
than it shows, to know whether a next page exists). An estimate would be cheaper, but a
count a person reads must be true. Part of the shared kit: imports nothing of the project.
"""

from dataclasses import dataclass, field

from django.db.models import QuerySet

COUNT_UP_TO = 1000


@dataclass(frozen=True)
class Count:
    """How many rows the list holds: ``count`` exactly, or None for more than ``up_to``."""

    count: int | None
    per_page: int
    up_to: int = COUNT_UP_TO

    @property
    def num_pages(self) -> int | None:
        if self.count is None:
            return None
        return max(1, -(-self.count // self.per_page))


@dataclass(frozen=True)
class Page:
    """One page, with what Django's ``Page`` offers the templates
    (committees/includes/pages.html)."""

    object_list: list
    number: int
    paginator: Count
    more: bool = field(default=False)  # a next page exists

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def count_up_to(rows: QuerySet, up_to: int = COUNT_UP_TO) -> int | None:
    """How many rows there are, or None for more than ``up_to``: one query that reads at
    most ``up_to`` + 1 of them."""
    counted = rows.order_by()[: up_to + 1].count()
    return counted if counted <= up_to else None


def page_of(rows: QuerySet, per_page: int, number, up_to: int = COUNT_UP_TO) -> Page:
    """The page ``number`` (as the query string gives it) of ``rows``, already ordered: two
    queries, each reading at most ``up_to`` + 1 rows or a page and one row."""
    count = Count(count=count_up_to(rows, up_to), per_page=per_page, up_to=up_to)
    number = _number(number, count.num_pages)
    start = (number - 1) * per_page
    shown = list(rows[start : start + per_page + 1])
    return Page(
        object_list=shown[:per_page], number=number, paginator=count, more=len(shown) > per_page
    )


def _number(value, last: int | None) -> int:
    """The page asked for: the first for nonsense, the last for one past the end, as
    Django's ``Paginator.get_page`` does (when the end is known)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    if number < 1:
        return 1
    if last is not None and number > last:
        return last
    return number
