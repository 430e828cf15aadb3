"""The page language: Vietnamese, unless the user chose another in the footer (Django's ``set_language``
view keeps the choice in the language cookie). The browser's ``Accept-Language`` is not asked: the site's
users work in Vietnamese whatever language their browser or phone was set up in, and an official record read
in a half-translated interface is a record misread."""

from __future__ import annotations

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language the user chose (the cookie), if the site offers it; else the site's (``LANGUAGE_CODE``)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # The answer depends on the cookie, not on Accept-Language: no "Vary: Accept-Language".
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
