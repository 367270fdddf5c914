"""Result files on the results volume: atomic writes, sha256, lookup and retention clean-up.

Layout: <root>/<job_id>/result.<ext> and preview.jpg. Files are written under a temporary name and
renamed, so a reader never sees half a file; the sha256 recorded in the status is computed from the
bytes written, and the API sends it as X-Content-SHA256 so the backend verifies its copy (GEN-4).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True)
class StoredFile:
    path: Path
    sha256: str
    bytes: int


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class ResultStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def job_dir(self, job_id: str) -> Path:
        if "/" in job_id or job_id in ("", ".", ".."):
            raise ValueError("bad job id")
        return self.root / job_id

    def result_path(self, job_id: str, output_format: str) -> Path:
        return self.job_dir(job_id) / f"result.{output_format}"

    def preview_path(self, job_id: str) -> Path:
        return self.job_dir(job_id) / "preview.jpg"

    def write_bytes(self, path: Path, data: bytes) -> StoredFile:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        with open(partial, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
        return StoredFile(path, hashlib.sha256(data).hexdigest(), len(data))

    def describe(self, path: Path) -> StoredFile:
        return StoredFile(path, sha256_file(path), path.stat().st_size)

    def remove(self, job_id: str) -> None:
        shutil.rmtree(self.job_dir(job_id), ignore_errors=True)

    def expired(self, now: float, retention_s: float) -> Iterable[str]:
        """Job folders whose newest file is older than the retention."""
        if not self.root.exists():
            return []
        old = []
        for entry in self.root.iterdir():
            if not entry.is_dir():
                continue
            newest = max((f.stat().st_mtime for f in entry.iterdir()), default=entry.stat().st_mtime)
            if now - newest > retention_s:
                old.append(entry.name)
        return old


def now() -> float:
    return time.time()
