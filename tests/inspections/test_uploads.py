"""Uploaded documents are accepted by content, not by name."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, PDF, XLSX, check_upload

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
)


def xlsx_bytes():
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def docx_bytes(member="word/document.xml"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", MINIMAL_PDF, PDF),
        ("ket-qua.xlsx", None, XLSX),
        ("giai-trinh.docx", None, DOCX),
        # The extension does not matter, the content does.
        ("anh-chup.dat", PNG_BYTES, None),
    ],
)
def test_accepted_documents(name, content, kind):
    if content is None:
        content = xlsx_bytes() if kind == XLSX else docx_bytes()
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.size == len(content)
    assert len(checked.sha256) == 64
    if kind:
        assert checked.kind == kind
    else:
        assert checked.kind.extension == "png"


def test_renamed_executable_is_refused_with_the_file_name():
    with open("/bin/ls", "rb") as binary:
        fake = SimpleUploadedFile("bao-cao.pdf", binary.read())
    with pytest.raises(ValidationError) as error:
        check_upload(fake)
    message = error.value.messages[0]
    assert "bao-cao.pdf" in message and "PDF, DOCX, XLSX, JPG, PNG" in message


def test_zip_pretending_to_be_a_word_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("x.docx", docx_bytes(member="word/other.xml")))


def test_oversized_file_is_refused_with_sizes(settings):
    big = SimpleUploadedFile("lon.pdf", MINIMAL_PDF + b"0" * (2 * 1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_upload(big, max_bytes=1024 * 1024)
    assert "lon.pdf" in error.value.messages[0]
    assert error.value.code == "too_large"


def test_empty_file_is_refused():
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("rong.pdf", b""))
