"""PDF documents carry the official heading and embed a font with Vietnamese letters."""

import datetime
import io

from django.template import engines
from pypdf import PdfReader

from core.documents import document_context, official_pdf, pdf_response


def test_official_pdf_renders_vietnamese_heading_and_text(tmp_path, settings):
    template = tmp_path / "sample.html"
    template.write_text(
        '{% extends "documents/base_official.html" %}'
        "{% block body %}<p>Sở Tài nguyên và Môi trường: 73,00 %</p>{% endblock body %}",
        encoding="utf-8",
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}
    ]
    engines._engines = {}
    context = document_context(
        title="Báo cáo thử nghiệm", day=datetime.date(2026, 3, 5)
    )
    pdf = official_pdf("sample.html", context)
    reader = PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ngày 05 tháng 3 năm 2026" in text
    assert "Sở Tài nguyên và Môi trường" in text
    fonts = {
        font.get_object()["/BaseFont"]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DocSerif" in name for name in fonts)
    assert (
        reader.pages[0].mediabox.width == 595.28
        or round(float(reader.pages[0].mediabox.width)) == 595
    )


def test_pdf_response_is_an_attachment():
    response = pdf_response("Báo cáo.pdf", b"%PDF-1.7")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")


def test_official_date_pads_small_days_and_the_first_two_months():
    from core.formatting import official_date

    assert official_date(datetime.date(2026, 2, 5)) == "ngày 05 tháng 02 năm 2026"
    assert official_date(datetime.date(2026, 11, 24)) == "ngày 24 tháng 11 năm 2026"
