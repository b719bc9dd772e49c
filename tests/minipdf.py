"""A tiny PDF writer for tests: pages of Helvetica text lines, or pages with no text.

It writes just what a PDF needs (catalog, page tree, pages, content streams, one standard
font, a cross-reference table), so that tests can make a 2,000-page PDF or a scanned-like
PDF without a text layer in milliseconds.
"""

from __future__ import annotations


def make_pdf(pages: list[list[tuple[float, float, float, str]]], *, bold: bool = False) -> bytes:
    """A PDF of A4 pages; each page is a list of ``(x, y, size, text)`` (points from the
    bottom left).  A page with no lines gets a grey rectangle instead (an "image").  Text
    that starts with ``"^"`` is set rotated by 45 degrees (a watermark)."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = "Helvetica-Bold" if bold else "Helvetica"
    catalog = add(b"")  # filled in below
    tree = add(b"")
    font_id = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} >>".encode())
    kids = []
    for lines in pages:
        if lines:
            ops = []
            for x, y, size, text in lines:
                turn = text.startswith("^")
                text = text.lstrip("^")
                safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                where = (
                    f"0.7071 0.7071 -0.7071 0.7071 {x:g} {y:g} Tm" if turn else f"{x:g} {y:g} Td"
                )
                ops.append(f"BT /F1 {size:g} Tf {where} ({safe}) Tj ET")
            stream = "\n".join(ops).encode("latin-1")
        else:
            stream = b"0.5 g 50 50 495 742 re f"
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {tree} 0 R /MediaBox [0 0 595 842] "
                f"/Resources << /Font << /F1 {font_id} 0 R >> >> "
                f"/Contents {content} 0 R >>".encode()
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {tree} 0 R >>".encode()
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[tree - 1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        xref,
    )
    return bytes(out)
