from rest_framework.pagination import PageNumberPagination


class StablePagination(PageNumberPagination):
    """Pages of 50 (up to 200 with ``page_size``); every list is ordered down to its primary key."""

    page_size_query_param = "page_size"
    max_page_size = 200
