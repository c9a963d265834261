"""Request language: Vietnamese unless the user picked another language."""

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation


class LanguageChoiceMiddleware:
    """Activate the language chosen with the switcher, else LANGUAGE_CODE.

    Django's LocaleMiddleware would follow the browser's Accept-Language header,
    and many officials' browsers (and headless Chromium) send English first; the
    product is Vietnamese unless someone explicitly switches.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class RejectNullCharactersMiddleware:
    """Answer 400 to a query string containing a NUL character.

    No field of the site can hold one (PostgreSQL refuses it in text), so such
    a request is malformed; refusing it here keeps every search box and filter
    from failing with a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
            return HttpResponseBadRequest(
                "Bad request: NUL character in the query string."
            )
        return self.get_response(request)
