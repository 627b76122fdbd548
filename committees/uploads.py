"""Files people upload (evidence of completion, a meeting's packet): the limits every
feature keeps alike, and what is stored about each file.

The limits are checked before anything is saved, so a refusal keeps nothing. The kind
of file is read from its name, never from what the browser says it is, and stored with
the type that name implies; files are served only as downloads, through the gate
(``safety_portal.view_helpers.private_file``).
"""

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

# What a committee files: documents, spreadsheets, slides, text and photos.
ALLOWED_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".rtf": "application/rtf",
    ".txt": "text/plain",
    ".csv": "text/csv",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".ppt": "application/vnd.ms-powerpoint",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".heic": "image/heic",
}


def _suffix(name: str) -> str:
    return PurePath(name).suffix.lower()


def uploads_check(files, *, field: str = "files", max_bytes: int | None = None) -> None:
    """Refuse, naming the file, one that is too large (``max_bytes``, by default
    ``ATTACHMENT_MAX_BYTES``) or of a kind not kept."""
    max_bytes = max_bytes or ATTACHMENT_MAX_BYTES
    for upload in files:
        if upload.size > max_bytes:
            raise ValidationError(
                {
                    field: _("%(name)s is larger than %(size)s MB.")
                    % {"name": upload.name, "size": max_bytes // 2**20}
                }
            )
        if _suffix(upload.name) not in ALLOWED_TYPES:
            raise ValidationError(
                {
                    field: _(
                        "%(name)s is not a kind of file the portal keeps: PDF, office "
                        "documents, spreadsheets and slides, text, CSV or photos."
                    )
                    % {"name": upload.name}
                }
            )


def upload_facts(upload) -> dict:
    """What is stored with a file: its name as uploaded, its type (from its name) and size."""
    return {
        "name": upload.name[:200],
        "content_type": ALLOWED_TYPES.get(_suffix(upload.name), "application/octet-stream"),
        "size": upload.size,
    }


def title_from_name(name: str) -> str:
    """A file's name as a title, when none is given: ``Fire-marshal_letter.pdf`` reads
    "Fire marshal letter"."""
    stem = PurePath(name).stem.replace("_", " ").replace("-", " ")
    return " ".join(stem.split())[:200] or name[:200]
