"""The participant list as files: CSV for Excel (UTF-8 with BOM, ``;``) and XLSX. Pure builders returning bytes."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _


def columns():
    return [
        _("Family name"),
        _("Given name"),
        _("Email"),
        _("Phone"),
        _("Organisation"),
        _("Organisation kind"),
        _("Function"),
        _("Stands in for"),
        _("Languages"),
        _("Language for emails"),
        _("Consent given on"),
        _("Consent given"),
        _("Left on"),
    ]


def _row(participant):
    return [
        participant.family_name,
        participant.given_name,
        participant.email,
        participant.phone,
        participant.organization.name if participant.organization else "",
        participant.organization.get_kind_display() if participant.organization else "",
        participant.function,
        participant.represents.display_name if participant.represents else "",
        ", ".join(participant.language_codes),
        participant.get_preferred_language_display(),
        participant.consent_given_at.strftime("%d.%m.%Y") if participant.consent_given_at else "",
        participant.get_consent_method_display(),
        participant.left_on.strftime("%d.%m.%Y") if participant.left_on else "",
    ]


def _safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV injection)."""
    value = str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def build_csv(participants) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns())
    for participant in participants:
        writer.writerow([_safe(value) for value in _row(participant)])
    return "\ufeff".encode() + buffer.getvalue().encode("utf-8")


def build_xlsx(participants, title) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(columns())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for participant in participants:
        sheet.append([_safe(value) for value in _row(participant)])
    sheet.freeze_panes = "A2"
    for column_cells in sheet.columns:
        width = max(len(str(cell.value or "")) for cell in column_cells)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(max(width + 2, 10), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class FileResponse(HttpResponse):
    """A download with a content type and a file name."""

    def __init__(self, content, *, content_type, filename):
        super().__init__(content, content_type=content_type)
        self["Content-Disposition"] = f'attachment; filename="{filename}"'
