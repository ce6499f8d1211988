"""Raw captures, kept content-addressed on disk beside the archive.

``archive.db`` keeps its bytes in ``archive.blobs/ab/abcdef…`` (sha256 of
the content).  The same file fetched twice, or linked from two portals, is
stored once.  Files are written to a temporary name and renamed, so a crash
never leaves a truncated blob under a real hash.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path


class BlobStore:
    def __init__(self, root: str | Path):
        self.root = Path(root)

    @classmethod
    def beside(cls, archive_path: str | Path) -> "BlobStore":
        path = Path(archive_path)
        return cls(path.with_name(path.name + ".blobs") if path.suffix != ".db" else path.with_suffix(".blobs"))

    def path_for(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        """Store ``data`` and return its sha256 (hex)."""
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        if target.exists() and target.stat().st_size == len(data):
            return digest
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{digest}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
        return digest

    def get(self, sha256: str) -> bytes:
        return self.path_for(sha256).read_bytes()

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()
