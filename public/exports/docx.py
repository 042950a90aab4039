"""Word exports (python-docx): real headings and tables the secretariat can still edit."""

from typing import IO

from django.utils.translation import gettext, gettext_lazy
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from nap_portal.cells import clean_text

from .base import BaseExporter

FONT = "DejaVu Sans"


def _text(value) -> str:
    # Control characters are invalid in the document's XML, exactly as in a spreadsheet.
    return clean_text(str(value or ""), limit=10**9)


def new_document(title: str, language: str, landscape: bool = False):
    document = Document()
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10)
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.8))
    document.core_properties.title = _text(title)[:255]
    document.core_properties.language = language
    document.core_properties.author = gettext("NAP Portal")
    section.header.paragraphs[0].text = ""
    return document


class BodyWriter:
    """Appends paragraphs and tables to the end of a document's body in constant time each.

    python-docx's ``add_paragraph``/``add_heading``/``add_table`` look up the section
    properties (the body's last child) by scanning every block already written — and
    ``add_table`` every paragraph — so a long document took quadratic time. Here the section
    properties are taken out while the body is written, each block is appended to the end,
    and styles are looked up once by name, then set by id.
    """

    def __init__(self, document) -> None:
        self.document = document
        self.body = document.element.body
        self.parent = document._body
        self.section_properties = self.body.sectPr
        self._style_ids: dict[str, str] = {}

    def __enter__(self) -> "BodyWriter":
        if self.section_properties is not None:
            self.body.remove(self.section_properties)
        return self

    def __exit__(self, *exc) -> None:
        if self.section_properties is not None:
            self.body.append(self.section_properties)

    def style_id(self, name: str) -> str:
        if name not in self._style_ids:
            self._style_ids[name] = self.document.styles[name].style_id
        return self._style_ids[name]

    def paragraph(self, text: str = "", style: str | None = None) -> Paragraph:
        element = OxmlElement("w:p")
        self.body.append(element)
        paragraph = Paragraph(element, self.parent)
        if style:
            element.get_or_add_pPr().style = self.style_id(style)
        if text:
            paragraph.add_run(text)
        return paragraph

    def heading(self, text: str, level: int) -> Paragraph:
        return self.paragraph(text, "Title" if level == 0 else f"Heading {level}")

    def table(self, rows: int, cols: int, width, style: str = "Table Grid") -> Table:
        element = CT_Tbl.new_tbl(rows, cols, width)
        element.tblPr.style = self.style_id(style)
        self.body.append(element)
        return Table(element, self.parent)


def _statement(body: BodyWriter, agency: str, paragraphs: list[str]) -> None:
    for index, paragraph in enumerate(paragraphs or ["—"]):
        p = body.paragraph()
        if index == 0:
            p.add_run(f"{_text(agency)}: ").bold = True
        p.add_run(_text(paragraph))


def _parts(body: BodyWriter, report) -> None:
    """A statement's indicator values and sub-item lines, a line each (sources.py)."""
    for label, text in (
        (gettext("Indicator values"), report.indicators_text),
        (gettext("Sub-items"), report.sub_items_text),
    ):
        if text:
            p = body.paragraph()
            p.add_run(f"{label}: ").bold = True
            p.add_run(_text(text.replace("\n", "; ")))


class ConsolidatedDocx(BaseExporter):
    identifier = "consolidated-docx"
    verbose_name = gettext_lazy("Consolidated report (Word)")
    extension = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def write(self, out: IO[bytes]) -> None:
        report = self.source
        document = new_document(report.title, self.language)
        document.sections[0].header.paragraphs[0].text = _text(report.plan.title)
        labels = (gettext("Main executor"), gettext("Other executors"))
        width = document.sections[0].page_width - Cm(3.6)
        with BodyWriter(document) as body:
            body.heading(_text(report.title), level=0)
            for section in report.sections(self.on_progress):
                body.heading(_text(section.heading), level=1)
                for entry in section.measures:
                    body.heading(_text(f"{entry.measure.number}. {entry.measure.title}"), 2)
                    table = body.table(2, 2, width)
                    values = (entry.main_text or "—", entry.others_text or "—")
                    for row, label, value in zip(table.rows, labels, values, strict=True):
                        label_cell, value_cell = row.cells
                        label_cell.paragraphs[0].add_run(label).bold = True
                        value_cell.text = _text(value)
                        label_cell.width, value_cell.width = Cm(4.5), Cm(12.9)
                    body.heading(gettext("Works done"), level=3)
                    for report_ in entry.statements:
                        _statement(body, report_.agency.name, report_.paragraphs)
                        _parts(body, report_)
                    if not entry.statements:
                        body.paragraph(gettext("No published report."))
            body.paragraph(
                gettext("Generated by the NAP Portal on %(date)s.")
                % {"date": self.today.strftime("%d.%m.%Y")}
            )
        document.save(out)


class AgencyDocx(BaseExporter):
    identifier = "agency-docx"
    verbose_name = gettext_lazy("Agency report (Word)")
    extension = "docx"
    content_type = ConsolidatedDocx.content_type

    def write(self, out: IO[bytes]) -> None:
        report = self.source
        document = new_document(report.title, self.language, landscape=True)
        document.sections[0].header.paragraphs[0].text = _text(report.plan.title)
        document.add_heading(_text(report.title), level=0)
        items = report.items()
        table = document.add_table(rows=1, cols=3)
        table.style = "Table Grid"
        widths = (Cm(2.2), Cm(9.5), Cm(14.3))
        for cell, label, width in zip(
            table.rows[0].cells,
            (gettext("Item"), gettext("Measure"), gettext("Execution status")),
            widths,
            strict=True,
        ):
            cell.paragraphs[0].add_run(label).bold = True
            cell.width = width
        for item in items:
            cells = table.add_row().cells
            cells[0].text = f"{item.number}."
            cells[1].text = _text(item.title)
            paragraphs = item.report.paragraphs or [""]
            cells[2].text = _text(paragraphs[0])
            for paragraph in paragraphs[1:]:
                cells[2].add_paragraph(_text(paragraph))
            if item.report.status:
                label = gettext("Implementation status")
                cells[2].add_paragraph(f"{label}: {item.report.get_status_display()}")
            for cell, width in zip(cells, widths, strict=True):
                cell.width = width
        signature = report.signature
        if signature:
            document.add_paragraph()
            if signature.signatory_position:
                document.add_paragraph(_text(signature.signatory_position))
            if signature.signatory_name:
                document.add_paragraph().add_run(_text(signature.signatory_name)).bold = True
            if signature.signed_on:
                document.add_paragraph(signature.signed_on.strftime("%d.%m.%Y"))
            if signature.letter:
                document.add_paragraph(_text(signature.letter))
        document.save(out)
