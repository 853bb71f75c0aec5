"""Page-number paging for every list: `?page=2&page_size=20`. A page or page size that is no whole number,
or a page past the end, is a Dutch 400 per parameter (documented on every operation), not a silent default
or a 404 that reads like "the list does not exist"."""

from typing import Any

from django.core.paginator import InvalidPage
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

NOT_A_NUMBER = "Geef een geheel getal van 1 of meer."
NO_SUCH_PAGE = "Deze pagina bestaat niet."


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise serializers.ValidationError({self.page_size_query_param: [NOT_A_NUMBER]})
        return min(int(raw), self.max_page_size)

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        raw = request.query_params.get(self.page_query_param)
        if raw is not None and not (raw.isascii() and raw.isdigit() and int(raw) >= 1):
            raise serializers.ValidationError({self.page_query_param: [NOT_A_NUMBER]})
        self.request = request
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            self.page = paginator.page(raw or 1)
        except InvalidPage as error:
            raise serializers.ValidationError({self.page_query_param: [NO_SUCH_PAGE]}) from error
        return list(self.page)
