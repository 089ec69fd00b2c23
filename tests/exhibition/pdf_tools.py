"""Reading the PDFs the exhibition makes, with poppler-utils and zbar-tools, as a reader or a phone would."""

import subprocess
from pathlib import Path


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pdf_text(path, *, layout: bool = True) -> str:
    """The text of the PDF at `path`, or of a stored file (read through its storage, the disk or an object store)."""
    if hasattr(path, "open"):
        with path.open("rb") as stored:
            return subprocess.run(["pdftotext", *(["-layout"] if layout else []), "-", "-"], input=stored.read(),
                                  check=True, capture_output=True).stdout.decode()  # fmt: skip
    return _run("pdftotext", *(["-layout"] if layout else []), str(path), "-")


def pdf_page(path, number: int) -> str:
    return _run("pdftotext", "-layout", "-f", str(number), "-l", str(number), str(path), "-")


def qr_decode(path, folder: Path, dpi: int = 20) -> str:
    """The text of the QR code on the first page of the PDF at `path` (rendered at `dpi`, 20 for an A1 poster,
    into `folder`)."""
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-l", "1", str(path), str(folder / "page")], check=True)
    return _run("zbarimg", "--quiet", "--raw", str(folder / "page-1.png")).strip()
