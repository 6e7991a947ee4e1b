"""Pagination for lists whose total the view has counted already."""

from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet


class CountedPaginator(Paginator):
    """A paginator told the number of rows, so it does not count them a second time.

    With ``rows``, a page of a queryset is read key first: the page's primary keys in the
    list's order (a query that an index in that order holding the filtered columns answers
    without reading a table row, stopping at the page's last match), then ``rows(keys)``, a
    queryset of the rows to show for those keys (in the same order; it may select fewer
    columns and join what the page shows). Both run as one statement (``keys`` is a
    subquery), unless ``keys(bottom, top)`` gives the page's keys (e.g. kept per data
    version)."""

    def __init__(
        self,
        object_list,
        per_page,
        *,
        count: int,
        rows: Callable[[QuerySet | list], QuerySet] | None = None,
        keys: Callable[[int, int], QuerySet | list] | None = None,
        **kwargs,
    ):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
        self.rows = rows
        self.keys = keys or (lambda bottom, top: self.object_list.values("pk")[bottom:top])

    def page(self, number):
        if self.rows is None:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(self.rows(self.keys(bottom, top)), number, self)
