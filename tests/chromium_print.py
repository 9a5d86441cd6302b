"""Headless Chromium printing HTML to PDF on A4, one browser for many documents.

``chromium --print-to-pdf`` starts a whole browser for each document (0.4 s). The tests
that print documents of growing length to find the page boundary print up to eight in a
row, so they start the browser once and print each page through the DevTools protocol
over a pipe (``--remote-debugging-pipe``: JSON messages ended by a NUL byte on fds 3 and
4), with the command line's own print settings: the page size of the document's CSS
(``@page { size: A4 }``), no header or footer lines, no backgrounds.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

BROWSERS = ("chromium", "chromium-browser", "google-chrome")


def browser() -> str | None:
    return next((b for b in BROWSERS if shutil.which(b)), None)


class Chromium:
    """One headless browser; :meth:`pdf` prints a local HTML file and returns the PDF."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser, self._write = os.pipe()
        self._read, from_browser = os.pipe()

        def fds() -> None:  # the protocol's fds in the child: it reads 3, writes 4
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            for number, fd in zip((3, 4), high, strict=True):
                os.dup2(fd, number)  # inheritable, whatever 3 and 4 were

        self.proc = subprocess.Popen(
            [executable, "--headless", "--no-sandbox", "--disable-gpu",
             "--remote-debugging-pipe", f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=fds, close_fds=False,
        )  # fmt: skip
        os.close(to_browser)
        os.close(from_browser)
        self._buffer = b""
        self._next = 0

    def _send(self, method: str, params: dict[str, Any], session: str | None = None) -> int:
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        return self._next

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed its pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _call(self, method: str, params: dict[str, Any], session: str | None = None) -> Any:
        wanted = self._send(method, params, session)
        while True:
            message = self._receive()
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def _wait_for(self, event: str, session: str) -> None:
        while True:
            message = self._receive()
            if message.get("method") == event and message.get("sessionId") == session:
                return

    def pdf(self, page: Path) -> bytes:
        target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self._call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        try:
            self._call("Page.enable", {}, session)
            self._call("Page.navigate", {"url": page.as_uri()}, session)
            self._wait_for("Page.loadEventFired", session)
            printed = self._call(
                "Page.printToPDF",
                {"preferCSSPageSize": True, "displayHeaderFooter": False},
                session,
            )
            return base64.b64decode(printed["data"])
        finally:
            self._call("Target.closeTarget", {"targetId": target})

    def close(self) -> None:
        try:
            self._call("Browser.close", {})
        except (OSError, RuntimeError):
            pass
        os.close(self._write)
        os.close(self._read)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
