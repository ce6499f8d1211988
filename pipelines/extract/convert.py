"""Legacy binary Office files (DOC, WPS, XLS, ET) through LibreOffice headless.

Why LibreOffice: antiword and catdoc keep the Chinese text of a DOC but print
its tables as loose text; LibreOffice converts DOC/WPS to DOCX with the table
grid intact (merged cells included), so the DOCX extractor reads them like any
other report.  Each conversion gets its own profile directory, so parallel
conversions do not lock each other, and a time limit.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

TARGETS = {"doc": "docx", "wps": "docx", "xls": "xlsx"}


class ConversionError(RuntimeError):
    pass


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(body: bytes, source_format: str, timeout: float = 120.0) -> bytes:
    """Convert legacy bytes to their OOXML counterpart; raise ConversionError with the reason."""
    binary = soffice()
    if binary is None:
        raise ConversionError("LibreOffice (soffice) is not installed: run `make apt-deps`")
    target = TARGETS[source_format]
    with tempfile.TemporaryDirectory(prefix="govarchive-convert-") as tmp:
        src = Path(tmp) / f"input.{source_format}"
        src.write_bytes(body)
        profile = Path(tmp) / "profile"
        cmd = [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", target, "--outdir", tmp, str(src)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice took longer than {timeout:.0f} s") from None
        out = Path(tmp) / f"input.{target}"
        if not out.exists():
            raise ConversionError(f"LibreOffice could not convert this {source_format.upper()} file")
        return out.read_bytes()
