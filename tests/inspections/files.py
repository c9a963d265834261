"""Small uploaded files for the evidence and directive tests."""

from django.core.files.uploadedfile import SimpleUploadedFile

MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "bao-cao.pdf", extra: bytes = b"") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF + extra, content_type="application/pdf")


def renamed_executable(name: str = "bao-cao.pdf") -> SimpleUploadedFile:
    with open("/bin/ls", "rb") as binary:
        return SimpleUploadedFile(name, binary.read(), content_type="application/pdf")
