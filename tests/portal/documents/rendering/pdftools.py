"""Reading the rendered PDF back with poppler's tools, as a reader's viewer would."""

import re
import subprocess
import tempfile
from pathlib import Path

A4 = (595.28, 841.89)  # points


def _run(args: list[str], pdf: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        return subprocess.run(
            [*args, str(path), "-"] if args[0] != "pdffonts" else [*args, str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout


def pdf_text(pdf: bytes) -> str:
    """The text, whitespace collapsed so that line breaks do not split a phrase."""
    return re.sub(r"\s+", " ", _run(["pdftotext", "-layout"], pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page) for page in _run(["pdftotext"], pdf).split("\f")]


def pdf_words(pdf: bytes) -> list[dict]:
    """Each word with its page (0-based) and box in PDF points, origin bottom-left."""
    html = _run(["pdftotext", "-bbox"], pdf)
    words = []
    for index, page in enumerate(html.split("<page ")[1:]):
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        for x1, y1, x2, y2, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        ):
            words.append(
                {
                    "page": index,
                    "text": word,
                    "x1": float(x1),
                    "x2": float(x2),
                    "y1": height - float(y2),
                    "y2": height - float(y1),
                }
            )
    return words


def pdf_fonts(pdf: bytes) -> list[dict]:
    lines = _run(["pdffonts"], pdf).splitlines()[2:]
    fonts = []
    for line in lines:
        parts = line.split()
        # name, type…, encoding, emb, sub, uni, object, id: the last five are fixed.
        fonts.append({"name": parts[0], "emb": parts[-5], "line": line})
    return fonts


def pdf_png_pages(pdf: bytes, resolution: int = 72) -> list:
    """The pages as Pillow images (72 dpi: one pixel per point)."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(resolution), str(path), str(Path(tmp) / "p")],
            check=True,
        )
        return [Image.open(p).convert("RGB") for p in sorted(Path(tmp).glob("p-*.png"))]
