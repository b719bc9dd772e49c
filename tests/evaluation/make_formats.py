"""Make the Word and PDF copies of two evaluation replies.

``coc-slovak-style.docx`` is written with python-docx the way a mission's editor would
type it in Word: the title in Word's Title style, sections as Heading 1, the numbered
headings as Heading 2, questions in bold with their numbers typed, the treaty list in Word's
own 'List Number' style (numbers drawn by Word), and a running header and footer.
``apm-valdoria.docx`` keeps its numbers typed, with a page break inside question 8 (a), as
the text shows it.  The PDFs are LibreOffice's export of the DOCX files.

Run from the repository root: ``python tests/evaluation/make_formats.py`` (needs LibreOffice
for the PDFs).  The outputs are committed; the answer keys are those of the text replies.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_BREAK

HERE = Path(__file__).resolve().parent
HEADING_1 = re.compile(r"^Section [IVX]+:")
HEADING_2 = re.compile(r"^\d+\. [A-Z]")
QUESTION = re.compile(r"^\d+\.\d+ |^\d+\)|^\d+ \(")
LIST_ITEM = re.compile(r"^\d+\. (Convention|International)")


def _paragraphs(name: str) -> list[str]:
    """The text's paragraphs; a block whose every line is a numbered item gives one
    paragraph per item, as in Word."""
    text = (HERE / f"{name}.txt").read_text(encoding="utf-8")
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [ln.strip() for ln in block.splitlines() if ln.strip()]
        if len(lines) > 1 and all(re.match(r"\d+\)", ln) for ln in lines):
            out.extend(lines)
        elif lines:
            out.append(" ".join(" ".join(lines).split()))
    return out


def _fixed(doc: Document) -> None:  # type: ignore[valid-type]
    props = doc.core_properties
    props.author = props.last_modified_by = "Mission"
    import datetime

    props.created = props.modified = datetime.datetime(2024, 4, 12)


def coc() -> Path:
    doc = Document()
    section = doc.sections[0]
    section.header.paragraphs[0].text = "FSC.EMI/41/24"
    section.footer.paragraphs[0].text = "Republic of Ardenia: Code of Conduct 2024"
    body = False
    for para in _paragraphs("coc-slovak-style"):
        if para.startswith("INFORMATION EXCHANGE ON THE CODE"):
            doc.add_paragraph(para, style="Title")
            body = True
        elif body and HEADING_1.match(para):
            doc.add_heading(para, level=1)
        elif body and LIST_ITEM.match(para):
            doc.add_paragraph(para.split(". ", 1)[1], style="List Number")
        elif body and HEADING_2.match(para):
            doc.add_heading(para, level=2)
        elif body and QUESTION.match(para):
            doc.add_paragraph().add_run(para).bold = True
        else:
            doc.add_paragraph(para)
    _fixed(doc)
    out = HERE / "coc-slovak-style.docx"
    doc.save(str(out))
    return out


def apm() -> Path:
    doc = Document()
    for para in _paragraphs("apm-valdoria"):
        p = doc.add_paragraph()
        if para.startswith("accordance with Article 7"):
            p.add_run().add_break(WD_BREAK.PAGE)
        run = p.add_run(para)
        question = QUESTION.match(para) and not re.match(
            r"\d+\) [A-Z][a-z]+;|\d+\) [A-Z][a-z]+\.$", para
        )
        run.bold = bool(question and not para.startswith("accordance"))
    _fixed(doc)
    out = HERE / "apm-valdoria.docx"
    doc.save(str(out))
    return out


def main() -> int:
    made = [coc(), apm()]
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if office is None:
        print("LibreOffice not found: the PDFs were not made", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as profile:
        for docx in made:
            subprocess.run(
                [
                    office,
                    f"-env:UserInstallation=file://{profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(HERE),
                    str(docx),
                ],
                check=True,
                capture_output=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
