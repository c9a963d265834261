"""Request language: Vietnamese unless the user picked another language."""

from django.conf import settings
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
