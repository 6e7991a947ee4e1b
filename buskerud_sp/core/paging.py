"""Pagination for lists whose total the view has counted already."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told the number of rows, so it does not count them a second time."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property
