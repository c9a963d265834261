"""PDF reports laid out as Vietnamese administrative documents (A4, the
national motto and issuing body heading block, place and date), rendered by
WeasyPrint with the vendored DejaVu Serif so every diacritic is embedded."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .spreadsheets import attachment_disposition


def document_context(*, title: str, day: datetime.date | None = None) -> dict:
    """What the heading block of `documents/base_official.html` shows."""
    day = day or timezone.localdate()
    return {
        "doc_title": title,
        "issuer_parent": settings.CCHC_ISSUING_BODY,
        "issuer": settings.CCHC_SNV_NAME,
        "place": settings.CCHC_PROVINCE_NAME,
        "day": day,
        "font_files": {
            weight: finders.find(f"vendor/fonts/{name}.ttf")
            for weight, name in (
                ("regular", "DejaVuSerif"),
                ("bold", "DejaVuSerif-Bold"),
                ("italic", "DejaVuSerif-Italic"),
            )
        },
    }


def official_pdf(template_name: str, context: dict) -> bytes:
    """Render a template extending documents/base_official.html to PDF bytes.

    Official documents are in Vietnamese whatever the user's interface language.
    """
    from weasyprint import HTML  # imported late: loading Pango takes a moment

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(template_name, context)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def pdf_response(filename: str, pdf: bytes) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_disposition(filename, "report.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
