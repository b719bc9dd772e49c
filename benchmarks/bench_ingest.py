"""Benchmark of ingestion: a long reply as DOCX and as PDF → blocks → Document.

Generates a reply of about 100 printed pages deterministically (seeded text, python-docx,
Word's own numbering for the questions, a ruled table every few questions, a running
header and page numbers), converts it to PDF with LibreOffice when ``soffice`` is there,
and times reading and parsing each (the best of ``--repeat`` runs).

Targets: the 100-page PDF in under 5 s, the same reply as DOCX in under 2 s.

Usage::

    python benchmarks/bench_ingest.py                 # about 100 pages
    python benchmarks/bench_ingest.py --questions 400 --repeat 3
"""

from __future__ import annotations

import argparse
import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from reply_i18n.source.read import read_blocks
from reply_i18n.source.structure import parse_blocks

WORDS = [
    "mine",
    "action",
    "clearance",
    "victims",
    "assistance",
    "territory",
    "humanitarian",
    "demining",
    "agency",
    "national",
    "international",
    "community",
    "contamination",
    "explosive",
    "remnants",
    "war",
    "protocol",
    "convention",
    "report",
    "measures",
    "government",
    "ministry",
    "cooperation",
    "support",
    "capacity",
    "survey",
    "districts",
    "land",
    "release",
    "risk",
    "education",
    "stockpile",
    "destruction",
    "training",
    "donors",
    "budget",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return " ".join(words).capitalize() + "."


def make_docx(questions: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "DejaVu Serif"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    section = document.sections[0]
    section.header.paragraphs[0].text = "FSC.EMI/999/26"
    footer = section.footer.paragraphs[0]
    footer.add_run("- ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    footer._p.append(field)
    footer.add_run(" -")
    document.add_paragraph("OSCE QUESTIONNAIRE ON ANTI-PERSONNEL MINES", style="Heading 1")
    for q in range(1, questions + 1):
        if q % 25 == 1:
            document.add_paragraph(f"Part {q // 25 + 1}", style="Heading 2")
        question = " ".join(sentence(rng) for _ in range(2)).rstrip(".") + "?"
        document.add_paragraph(question, style="List Number")  # Word draws the number
        for _ in range(rng.randint(1, 3)):
            document.add_paragraph(" ".join(sentence(rng) for _ in range(rng.randint(2, 5))))
        if q % 10 == 0:
            table = document.add_table(rows=4, cols=3)
            table.style = document.styles["Table Grid"]
            for r in range(4):
                for c in range(3):
                    table.cell(r, c).text = " ".join(rng.choice(WORDS) for _ in range(2))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(data: bytes, workdir: Path) -> bytes | None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return None
    source = workdir / "reply.docx"
    source.write_bytes(data)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{workdir / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(workdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return (workdir / "reply.pdf").read_bytes()


def ingest(data: bytes, suffix: str, repeat: int) -> tuple[float, int, int]:
    best = float("inf")
    blocks = segments = 0
    for _ in range(repeat):
        start = time.perf_counter()
        found, _ = read_blocks(data, suffix=suffix, source=f"reply{suffix}")
        doc = parse_blocks(found, name="reply", source=f"reply{suffix}")
        best = min(best, time.perf_counter() - start)
        blocks, segments = len(found), len(doc.segments)
    return best, blocks, segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200, help="questions (200 ≈ 100 pages)")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best one counts")
    args = parser.parse_args()

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {os.cpu_count()} CPUs, load average {load:.1f}")
    data = make_docx(args.questions)
    seconds, blocks, segments = ingest(data, ".docx", args.repeat)
    print(
        f"DOCX  {len(data) / 1024:8.0f} KiB  {blocks:5d} blocks {segments:5d} segments  "
        f"{seconds:6.2f} s   (target < 2 s)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        pdf = to_pdf(data, Path(tmp))
    if pdf is None:
        print("PDF   not measured: LibreOffice (soffice) is not installed", file=sys.stderr)
        return
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(pdf))
    seconds, blocks, segments = ingest(pdf, ".pdf", args.repeat)
    print(
        f"PDF   {len(pdf) / 1024:8.0f} KiB  {blocks:5d} blocks {segments:5d} segments  "
        f"{seconds:6.2f} s   (target < 5 s; {pages} pages, {seconds / pages * 1000:.0f} ms a page)"
    )


if __name__ == "__main__":
    main()
