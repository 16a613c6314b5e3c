"""Hand-written XLSX files for the import tests: a minimal workbook around a sheet (and shared strings) given as
chunks of XML, streamed into the zip so that a test never holds the unpacked part in memory."""

import io
import zipfile

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'.encode()
SHEET_TAIL = b"</sheetData></worksheet>"
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nachname</t></is></c></row>'

SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = f"""<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{SPREADSHEET_TYPE}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SPREADSHEET_TYPE}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{SPREADSHEET_TYPE}.sharedStrings+xml"/>
</Types>""".encode()
PACKAGE_RELATIONS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/>
</Relationships>""".encode()
WORKBOOK = f"""<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}">
<sheets><sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>
""".encode()
WORKBOOK_RELATIONS = f"""<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{RELATIONSHIPS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELATIONSHIPS}/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>""".encode()


def inline(reference, text):
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def workbook(sheet_chunks, shared_chunks=None, extra_parts=()):
    """An XLSX file whose first sheet is the concatenation of ``sheet_chunks`` (bytes, or an iterable of bytes);
    ``shared_chunks`` likewise for ``xl/sharedStrings.xml``; ``extra_parts`` as ``(name, bytes)``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONS)
        _stream(archive, "xl/worksheets/sheet1.xml", sheet_chunks)
        if shared_chunks is not None:
            _stream(archive, "xl/sharedStrings.xml", shared_chunks)
        for name, content in extra_parts:
            archive.writestr(name, content)
    return buffer.getvalue()


def _stream(archive, name, chunks):
    with archive.open(name, "w", force_zip64=True) as part:
        for chunk in [chunks] if isinstance(chunks, bytes) else chunks:
            part.write(chunk)


def repeated(chunk, times, block=10_000):
    """``chunk`` ``times`` times, in blocks (a few hundred KB at a time, never the whole)."""
    full, rest = divmod(times, block)
    for _ in range(full):
        yield chunk * block
    yield chunk * rest
