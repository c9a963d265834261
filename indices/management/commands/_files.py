"""What the index commands share: reading the input file and turning a
ValidationError into a CommandError that lists every problem."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from indices.models import AgencyGroup


def read_input(path: str) -> tuple[bytes, str]:
    file = Path(path)
    if not file.is_file():
        raise CommandError(f"{path}: no such file")
    return file.read_bytes(), file.name


def command_error(error: ValidationError) -> CommandError:
    messages = error.messages
    lines = "\n".join(f"  - {message}" for message in messages)
    return CommandError(f"{len(messages)} problem(s); nothing was saved:\n{lines}")


GROUP_CHOICES = AgencyGroup.values
