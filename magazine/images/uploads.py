"""Documents are checked by their content, not only by their extension.

Wagtail refuses an extension missing from WAGTAILDOCS_EXTENSIONS and a file over
WAGTAILDOCS_MAX_UPLOAD_SIZE; `DocumentForm` (WAGTAILDOCS_DOCUMENT_FORM_BASE) also refuses a file
whose bytes are not what its extension says: an HTML page renamed .pdf, a program renamed .zip.
Images are checked by Wagtail, which opens them (see magazine.images.forms).
"""

import re
import zipfile

from django import forms
from wagtail.documents.forms import BaseDocumentForm

CHUNK_SIZE = 64 * 1024
FORMATS_TEXT = "PDF, ODT, ODS, CSV, TXT ou ZIP"

# Markup a browser would render if it ever ignored the type: never in a plain-text document.
_MARKUP_START = re.compile(rb"^\s*<\s*(?:!doctype|html|head|body|script|svg|iframe|\?xml)", re.I)
# Control characters do not appear in text (tab, line feed, form feed, carriage return do).
_BINARY = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")


def _head(file, size=CHUNK_SIZE):
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def _is_pdf(file):
    return _head(file, 5) == b"%PDF-"


def _is_zip(file):
    if _head(file, 4) not in (b"PK\x03\x04", b"PK\x05\x06"):
        return False
    try:
        with zipfile.ZipFile(file) as archive:
            return bool(archive.namelist()) or _head(file, 4) == b"PK\x05\x06"
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)


def _is_opendocument(mimetype):
    """An OpenDocument file is a ZIP archive whose first member, "mimetype", names its kind."""

    def check(file):
        if _head(file, 4) != b"PK\x03\x04":
            return False
        try:
            with zipfile.ZipFile(file) as archive:
                members = archive.infolist()
                return (
                    bool(members)
                    and members[0].filename == "mimetype"
                    and archive.read(members[0]).strip() == mimetype
                )
        except (zipfile.BadZipFile, OSError, ValueError, KeyError):
            return False
        finally:
            file.seek(0)

    return check


def _is_text(file):
    """UTF-8 (what the collective's tools write) or Windows-1252 (spreadsheets saved on Windows),
    without control characters, and not starting like an HTML, SVG or XML page."""
    file.seek(0)
    content = file.read()
    file.seek(0)
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    if _BINARY.search(content) or _MARKUP_START.match(content):
        return False
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        try:
            content.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return True


CONTENT_CHECKS = {
    "pdf": _is_pdf,
    "odt": _is_opendocument(b"application/vnd.oasis.opendocument.text"),
    "ods": _is_opendocument(b"application/vnd.oasis.opendocument.spreadsheet"),
    "csv": _is_text,
    "txt": _is_text,
    "zip": _is_zip,
}
KIND_NAMES = {
    "pdf": "un document PDF",
    "odt": "un texte OpenDocument (ODT)",
    "ods": "un tableur OpenDocument (ODS)",
    "csv": "un tableau CSV",
    "txt": "un texte brut",
    "zip": "une archive ZIP",
}


def check_document_content(uploaded):
    """Raise a French ValidationError unless the file's bytes match its extension."""
    extension = uploaded.name.rpartition(".")[2].lower() if "." in uploaded.name else ""
    check = CONTENT_CHECKS.get(extension)
    if check is None:
        raise forms.ValidationError(
            "Ce type de fichier n’est pas accepté. Formats acceptés : %(formats)s.",
            code="invalid_document_extension",
            params={"formats": FORMATS_TEXT},
        )
    if not check(uploaded):
        raise forms.ValidationError(
            "Le contenu de ce fichier ne correspond pas à son extension « .%(extension)s » : "
            "ce n’est pas %(kind)s. Le fichier a été refusé ; enregistrez-le à nouveau "
            "dans le bon format. Formats acceptés : %(formats)s.",
            code="invalid_document_content",
            params={"extension": extension, "kind": KIND_NAMES[extension], "formats": FORMATS_TEXT},
        )


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form (add, edit, multiple upload, chooser) with the content check."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            check_document_content(uploaded)
        return uploaded

    def add_error(self, field, error):
        """One message about a refused file. Wagtail's `Document.clean()` checks the extension
        again, of the file the document is left with once the form refused the upload: none,
        hence « L’extension de fichier «  » n’est pas autorisée » under the real reason."""
        if field is None and self.has_error("file") and hasattr(error, "error_dict"):
            others = {name: errors for name, errors in error.error_dict.items() if name != "file"}
            if not others:
                return
            error = forms.ValidationError(others)
        super().add_error(field, error)
