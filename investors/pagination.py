"""The Leads listing's paginator: a page's keys first, then that page's rows ("late row
lookup").

Wagtail's listing pages with ``OFFSET``: for page 2,500 of 20 rows PostgreSQL reads and
throws away 50,000 whole leads (fifty columns, and the assignee joined to each) before the
20 it returns. Paging the primary keys alone lets it walk the listing's index
(``investors_lead_recent``: territory, newest first, id) without reading the rows it skips,
an index-only scan once the table is vacuumed; the outer query then reads 20 rows by primary
key. One query still, the keys as its subquery: the query count does not change
(docs/performance.md, "CRM: inquiries and the Leads listing").
"""

from django.db.models import QuerySet
from wagtail.admin.paginator import WagtailPaginator


def late_rows(queryset, bottom: int, top: int):
    """``queryset[bottom:top]``, the slice taken on the primary keys of ``queryset``."""
    if not isinstance(queryset, QuerySet) or bottom == 0:
        # The first page skips nothing: a plain LIMIT reads no row in vain.
        return queryset[bottom:top]
    keys = queryset.values("pk")[bottom:top]
    return queryset.filter(pk__in=keys)


class LateRowPaginator(WagtailPaginator):
    """``WagtailPaginator`` whose pages are read by ``late_rows``. The listing's ordering must
    be total (end with the primary key): the outer query orders its rows as the subquery
    chose them, and ties would let a row fall between two pages."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        return self._get_page(late_rows(self.object_list, bottom, top), number, self)
