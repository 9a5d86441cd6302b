"""Reading what people hand the tool: a file or standard input, with bounded memory.

At most ``limit + 1`` bytes are read, whatever the file says of its size (``/dev/zero``
and a pipe say nothing), so the caller can tell "too large" from "just fits" and say
so in its own words. A missing file, a directory or a read error is one KpuError that
names the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from kpukoord.errors import KpuError
from kpukoord.language.i18n import _


def read_bounded(path: str, limit: int) -> tuple[bytes, str]:
    """(up to limit + 1 bytes, the name errors use) of a file, or of stdin for '-'."""
    name = "<stdin>" if path == "-" else path
    try:
        if path == "-":
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            data = stream.read(limit + 1) if stream else sys.stdin.read(limit + 1).encode()
        else:
            p = Path(path)
            if p.is_dir():
                raise KpuError(_("{path}: is a directory").format(path=path))
            with p.open("rb") as f:
                data = f.read(limit + 1)
    except FileNotFoundError:
        raise KpuError(_("{path}: no such file").format(path=path)) from None
    except OSError as exc:
        raise KpuError(
            _("{name}: cannot read ({strerror})").format(name=name, strerror=exc.strerror)
        ) from None
    return data, name
