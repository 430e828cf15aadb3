"""The Word documents' page, fonts and parts (python-docx): the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I,
with the values of ``static/css/minutes.css``, shared by every document (records/docx/__init__.py)."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable

from docx import Document as new_document
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Cm, Mm, Pt, Twips
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from records.contexts.common import qr_code

FONT = "Times New Roman"
FONT_SIZE = Pt(13)
LANGUAGE = "vi-VN"
# A4 in twentieths of a point, as Word writes it (210 × 297 mm).
PAGE_WIDTH, PAGE_HEIGHT = Twips(11906), Twips(16838)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15  # portrait; a landscape page (the score table) has 297 - 30 - 15
FIRST_LINE_INDENT = Cm(1.27)
BLANK = "……………"  # an empty cell of a table, as the template prints it
BLANK_NAME = "……………………"  # a signature without a name


# ---- Low-level formatting -------------------------------------------------------------------------------


def _set_fonts(rpr) -> None:
    """Times New Roman for every script Word distinguishes (Latin, East Asian, complex): Vietnamese letters
    with two diacritics are otherwise drawn by a fallback font in some Word versions."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)


# Elements that follow w:sz, w:szCs and w:lang in a w:rPr, in the schema's order (Word refuses a file whose
# elements are out of order).
_AFTER_SZ = (
    "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")


def _child(parent, tag: str, successors: tuple[str, ...]):
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        parent.insert_element_before(element, *successors)
    return element


def _set_size_and_language(rpr, size: Pt) -> None:
    """The size of Latin and of complex-script text (w:sz, w:szCs), and Vietnamese as the language."""
    _child(rpr, "w:sz", _AFTER_SZ).set(qn("w:val"), str(round(size.pt * 2)))
    _child(rpr, "w:szCs", _AFTER_SZ[1:]).set(qn("w:val"), str(round(size.pt * 2)))
    lang = _child(rpr, "w:lang", _AFTER_LANG)
    for attribute in ("w:val", "w:eastAsia"):
        lang.set(qn(attribute), LANGUAGE)


def _run(paragraph: Paragraph, text: str, *, bold=False, italic=False, underline=False, size: Pt | None = None):
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None
    if underline:
        run.underline = True
    if size is not None:
        _set_size_and_language(run._r.get_or_add_rPr(), size)
    return run


def _format(
    paragraph: Paragraph,
    *,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = True,
    before: float = 0,
    after: float = 6,
    keep_with_next: bool = False,
) -> Paragraph:
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if keep_with_next:
        fmt.keep_with_next = True
    return paragraph


def _text(container, *parts: str | tuple[str, dict], paragraph: Paragraph | None = None, **layout) -> Paragraph:
    """A paragraph of runs: a string is plain text, ``(text, {"bold": True, ...})`` a formatted run."""
    paragraph = paragraph if paragraph is not None else container.add_paragraph()
    _format(paragraph, **layout)
    for part in parts:
        text, style = (part, {}) if isinstance(part, str) else part
        _run(paragraph, text, **style)
    return paragraph


def _bold(text: str, **style) -> tuple[str, dict]:
    return text, {"bold": True, **style}


def _centered(container, *parts, paragraph: Paragraph | None = None, before: float = 0, after: float = 0):
    return _text(
        container, *parts, paragraph=paragraph, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=before,
        after=after,
    )  # fmt: skip


def _cell_paragraphs(cell: _Cell) -> Iterable[Paragraph]:
    """The cell's own first (empty) paragraph, then new ones: a cell never starts with a blank line."""
    yield cell.paragraphs[0]
    while True:
        yield cell.add_paragraph()


def _table_borders(table: Table, value: str) -> None:
    """``value`` "none" (the header and signature blocks) or "single" (the grids)."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "none":
            element.set(qn("w:sz"), "4")  # half a point, the grid of the PDF
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")


def _cell_margins(table: Table, *, left_right: Twips, top_bottom: Twips) -> None:
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top_bottom), ("left", left_right), ("bottom", top_bottom), ("right", left_right)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(int(value.twips)))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    table._tbl.tblPr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _table(container, rows: int, widths_mm: list[float], *, borders: str) -> Table:
    table = container.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _table_borders(table, borders)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _row_options(row, *, header: bool = False) -> None:
    """Rows never break across pages; the head row repeats on each page the table runs to."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


# ---- The document and its parts -------------------------------------------------------------------------


def _new(title: str, author: str, dated: datetime.date | None, *, landscape: bool = False) -> Document:
    document = new_document()
    _page_setup(document, landscape=landscape)
    _styles(document)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.comments, props.language, props.revision = "", LANGUAGE, 1
    # Dated the day the document records, not the moment the file was made: the same snapshot, the same file.
    moment = datetime.datetime.combine(dated or datetime.date(2000, 1, 1), datetime.time(), datetime.UTC)
    props.created = props.modified = moment
    # python-docx's template carries a thumbnail of an empty page: file browsers would show it as the preview.
    rels = document.part.package.rels
    for key in [key for key, rel in rels.items() if rel.reltype.endswith("/metadata/thumbnail")]:
        rels.pop(key)
    return document


def _page_setup(document: Document, *, landscape: bool = False) -> None:
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    else:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance, section.footer_distance = Mm(10), Mm(10)
    # The page number: centred at the top, from page 2 (the first page's header stays empty).
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number._p.append(field)


# The "DỰ THẢO" watermark as Word draws its own (Design → Watermark): WordArt text (VML shape type 136),
# grey, diagonal, centred on the page behind the text.
_WATERMARK = """<w:r %s><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:formulas><v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/><v:f eqn="sum 0 0 @2"/>
<v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/><v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/>
<v:f eqn="if @0 @4 21600"/><v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/><v:f eqn="mid @6 @7"/>
<v:f eqn="sum @6 0 @5"/></v:formulas>
<v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
 o:connectangles="270,180,90,0"/>
<v:textpath on="t" fitshape="t"/><v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>
<v:shape id="%s" o:spid="%s" type="#_x0000_t136" o:allowincell="f" fillcolor="#c0c0c0" stroked="f"
 style="position:absolute;margin-left:0;margin-top:0;width:440pt;height:110pt;rotation:315;z-index:-251657216;
mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical:center;
mso-position-vertical-relative:margin"><v:fill opacity=".5"/>
<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt" string="%s"/></v:shape>
</w:pict></w:r>"""
_NAMESPACES = " ".join(
    f'xmlns:{prefix}="{uri}"'
    for prefix, uri in (
        ("w", nsmap["w"]), ("v", "urn:schemas-microsoft-com:vml"), ("o", "urn:schemas-microsoft-com:office:office"),
    )
)  # fmt: skip


def _watermark(document: Document, text: str) -> None:
    """The draft's watermark, on every page (the first page has a header of its own)."""
    section = document.sections[0]
    for number, header in enumerate((section.first_page_header, section.header), start=1):
        shape = f"DraftWatermark{number}"
        run = parse_xml(_WATERMARK % (_NAMESPACES, shape, f"_x0000_s20{number:02d}", text))
        header.paragraphs[0]._p.append(run)  # in the page number's paragraph: the header stays one line high


def _styles(document: Document) -> None:
    """Times New Roman 13 pt for everything, single lines, 6 pt after a paragraph, Vietnamese."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr)
    _set_size_and_language(rpr, FONT_SIZE)
    for name in ("Normal", "Header"):
        style = document.styles[name]
        style.font.name, style.font.size = FONT, FONT_SIZE
        _set_fonts(style.element.get_or_add_rPr())
        _set_size_and_language(style.element.get_or_add_rPr(), FONT_SIZE)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(6), 1.0


def _text_width(document: Document) -> float:
    """The width between the margins, in mm: 165 on a portrait page, 252 on a landscape one."""
    section = document.sections[0]
    return round((section.page_width - section.left_margin - section.right_margin) / Mm(1), 1)


def _header(document: Document, context: dict, number: str | None) -> None:
    """The two columns of ``_document_header.html``: issuer and number left, the national motto and the
    place and date right."""
    header = context.get("header") or {}
    width = _text_width(document)
    left_width = round(width * 0.43, 1)
    table = _table(document, 1, [left_width, width - left_width], borders="none")
    _cell_margins(table, left_right=Twips(0), top_bottom=Twips(0))
    left, right = table.rows[0].cells
    lines = _cell_paragraphs(left)
    _centered(left, header.get("parent", ""), paragraph=next(lines))
    _centered(left, _bold(header.get("issuer", "")), paragraph=next(lines))
    _rule(next(lines), cell_width_mm=left_width)
    if number:
        _centered(left, f"Số: {number}", paragraph=next(lines))
    lines = _cell_paragraphs(right)
    _centered(right, _bold("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(12)), paragraph=next(lines))
    _centered(right, _bold("Độc lập - Tự do - Hạnh phúc", underline=True), paragraph=next(lines))
    _centered(right, (context.get("date_line", ""), {"italic": True}), paragraph=next(lines), before=8)


# What follows w:pBdr in a w:pPr, in the schema's order.
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct",
    "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
    "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
    "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


def _rule(paragraph: Paragraph, *, cell_width_mm: float, width_mm: float = 30) -> None:
    """The short line under the issuer: a 2 pt paragraph with a top border, narrowed to 30 mm by its indents."""
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm((cell_width_mm - width_mm) / 2)
    fmt.first_line_indent = Cm(0)
    fmt.space_before, fmt.space_after = Pt(1.5), Pt(5)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for attribute, value in (("w:val", "single"), ("w:sz", "5"), ("w:space", "0"), ("w:color", "000000")):
        top.set(qn(attribute), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def _title(document: Document, title: str, subject: str) -> None:
    _text(document, _bold(title, size=Pt(14)), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, before=18, after=0)
    if subject:
        _text(document, _bold(subject), align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, after=12)


def _grid(document: Document, head: list[str], rows: list[list], widths_mm: list[float], centered=()) -> Table:
    """A bordered table: ``rows`` of cell values, a cell given as ``(text, {"bold": True})`` is formatted."""
    table = _table(document, 1 + len(rows), widths_mm, borders="single")
    _cell_margins(table, left_right=Pt(3), top_bottom=Pt(2))
    _row_options(table.rows[0], header=True)
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _centered(cell, _bold(text), paragraph=cell.paragraphs[0])
    for row, values in zip(table.rows[1:], rows, strict=True):
        _row_options(row)
        for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
            align = WD_ALIGN_PARAGRAPH.CENTER if index in centered else WD_ALIGN_PARAGRAPH.LEFT
            _text(cell, value, paragraph=cell.paragraphs[0], align=align, indent=False, after=0)
    _gap(document)
    return table


def _gap(document: Document) -> None:
    """6 pt after a table (the PDF's margin), as an empty paragraph 6 pt high: Word also needs a paragraph
    between two tables, or it joins them."""
    fmt = document.add_paragraph().paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(6)


def _signatures(document: Document, blocks: list[dict], *, before: float = 12) -> Table:
    """Signature blocks (``records.contexts.common._signature``) two by row."""
    rows = (len(blocks) + 1) // 2
    half = _text_width(document) / 2
    table = _table(document, rows, [half, half], borders="none")
    _cell_margins(table, left_right=Mm(2), top_bottom=Twips(0))
    for index, block in enumerate(blocks):
        row = table.rows[index // 2]
        if index % 2 == 0:
            _row_options(row)
        _signature_block(row.cells[index % 2], block, before=before if index < 2 else 6)
    return table


def _signature_block(cell: _Cell, block: dict, *, before: float) -> None:
    """Roles (bold), the lines under them, then room to sign (22 mm in the PDF) above each name (bold) or a
    dotted line."""
    lines = _cell_paragraphs(cell)
    for number, role in enumerate(block.get("roles") or []):
        paragraph = _centered(cell, _bold(role), paragraph=next(lines), before=before if number == 0 else 0)
        paragraph.paragraph_format.keep_with_next = True
    for line in block.get("lines") or []:
        _centered(cell, line, paragraph=next(lines)).paragraph_format.keep_with_next = True
    for name in block.get("names") or []:
        _centered(cell, _bold(name or BLANK_NAME), paragraph=next(lines), before=Mm(22).pt, after=6)


def _recipients(container, items: list[str], *, paragraph: Paragraph | None = None) -> None:
    """ "Nơi nhận:" and its items; in a cell, ``paragraph`` is the cell's first one."""
    head = ("Nơi nhận:", {"bold": True, "italic": True, "size": Pt(12)})
    _text(container, head, paragraph=paragraph, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, before=10, after=0)
    for item in items:
        _text(container, (item, {"size": Pt(11)}), align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)


def _pledge_criteria(
    document: Document, criteria: list[dict], total_points: str, *, head: list[str] | None = None
) -> Table:
    """The criteria with their points and the total (the pledge, the minutes of its signing, the score table)."""
    rows = [[c.get("code", ""), _titled(c), c.get("max_points", "")] for c in criteria]
    rows.append(["", _bold("Tổng cộng"), _bold(str(total_points))])
    head = head or ["STT", "Nội dung tiêu chí", "Điểm tối đa"]
    return _grid(document, head, rows, [12, _text_width(document) - 37, 25], centered=(0, 2))


def _titled(criterion: dict) -> str:
    """A criterion's title, with its kind when it is a bonus or deduction: "Title (Điểm trừ)"."""
    label = criterion.get("kind_label")
    return f"{criterion.get('title', '')} ({label})" if label else criterion.get("title", "")


def _list(document: Document, items: list[str], *, numbered: bool = False) -> None:
    """Items one a paragraph, "- item;" (or "1) item;"), the last ending with a full stop."""
    for number, item in enumerate(items, start=1):
        mark = f"{number})" if numbered else "-"
        _text(document, f"{mark} {item}{'.' if number == len(items) else ';'}")


QR_SIZE_MM = 17  # as static/css/minutes.css draws it in the PDF
QR_GAP_MM = 3


def _verification(document: Document, verification: dict) -> None:
    """Page 1's footer: the QR code of the document's public page beside its code and address, as the PDF prints
    them at the foot of page 1's text. Word pushes the text up when a footer is taller than the bottom margin; with
    the footer 20 mm from the edge it starts where the text block ends, out of the margin Nghị định 30 keeps free,
    and the pages after it keep their whole text block (their footer is empty)."""
    section = document.sections[0]
    section.footer_distance = MARGIN_BOTTOM
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    width = _text_width(document)
    table = footer.add_table(1, 2, Mm(width))
    table.autofit = False
    _table_borders(table, "none")
    _cell_margins(table, left_right=Twips(0), top_bottom=Twips(0))
    widths = (QR_SIZE_MM, width - QR_SIZE_MM)
    for column, cell_width in zip(table.columns, widths, strict=True):
        column.width = Mm(cell_width)
        for cell in column.cells:
            cell.width = Mm(cell_width)
    qr, text = table.rows[0].cells
    picture = io.BytesIO()
    qr_code(verification["url"]).save(picture, kind="png", scale=8, border=0)
    paragraph = _text(qr, paragraph=qr.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
    paragraph.add_run().add_picture(picture, width=Mm(QR_SIZE_MM), height=Mm(QR_SIZE_MM))
    text.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    small = {"size": Pt(10)}
    lines = _cell_paragraphs(text)
    for parts in (
        [("Mã xác minh: ", small), _bold(verification["code"], **small)],
        [(f"Kiểm tra văn bản tại: {verification['url']}", small)],
    ):
        paragraph = _text(text, *parts, paragraph=next(lines), align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, after=0)
        paragraph.paragraph_format.left_indent = Mm(QR_GAP_MM)
    # A footer holds paragraphs around its tables (Word adds one after a table that ends it): the footer's own
    # empty paragraph goes after the table, 1 pt high, so it adds nothing under the code.
    ending = footer.paragraphs[0]
    ending._p.addprevious(table._tbl)
    fmt = ending.paragraph_format
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), Pt(1)
