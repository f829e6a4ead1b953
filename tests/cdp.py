"""A small client of the Chrome DevTools Protocol over ``--remote-debugging-pipe`` (the
standard library only): open a page in headless Chromium with or without JavaScript,
type into it as a person does (``Input.insertText`` fires real input events), evaluate
expressions, and read the DOM."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

# Debian's /usr/bin/chromium is a shell wrapper; the binary itself keeps the pipe's fds.
BINARY = next(
    (
        p
        for p in ("/usr/lib/chromium/chromium", shutil.which("chromium-browser") or "")
        if p and Path(p).is_file()
    ),
    None,
)


class Browser:
    """``with Browser() as b: page = b.open(url, javascript=False); page.html()``"""

    def __init__(self, timeout: float = 60) -> None:
        self.timeout = timeout
        self._buffer = b""
        self._id = 0

    def __enter__(self) -> Browser:
        self._dir = tempfile.TemporaryDirectory()
        cmd_r, self._cmd_w = os.pipe()
        self._res_r, res_w = os.pipe()
        # The child reads commands on fd 3 and writes replies on fd 4.
        high_r = fcntl.fcntl(cmd_r, fcntl.F_DUPFD, 10)
        high_w = fcntl.fcntl(res_w, fcntl.F_DUPFD, 10)

        def child() -> None:
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self._proc = subprocess.Popen(
            [
                BINARY,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--remote-debugging-pipe",
                f"--user-data-dir={self._dir.name}",
                "about:blank",
            ],
            close_fds=False,
            preexec_fn=child,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for fd in (cmd_r, res_w, high_r, high_w):
            os.close(fd)
        return self

    def __exit__(self, *exc: Any) -> None:
        with contextlib.suppress(OSError):
            self.send("Browser.close")
        os.close(self._cmd_w)
        os.close(self._res_r)
        try:
            self._proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        self._dir.cleanup()

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._cmd_w, json.dumps(message).encode() + b"\0")
        return self._id

    def wait(self, match) -> dict:
        end = time.monotonic() + self.timeout
        while time.monotonic() < end:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if match(message):
                    return message
            ready, _, _ = select.select([self._res_r], [], [], 1)
            if ready:
                chunk = os.read(self._res_r, 1 << 20)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self._buffer += chunk
        raise TimeoutError("chromium did not answer")

    def call(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        n = self.send(method, params, session)
        reply = self.wait(lambda m: m.get("id") == n)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def open(self, url: str, *, javascript: bool = True) -> Page:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        if not javascript:
            self.call("Emulation.setScriptExecutionDisabled", {"value": True}, session)
        self.call("Page.enable", {}, session)
        self.send("Page.navigate", {"url": url}, session)
        self.wait(
            lambda m: m.get("method") == "Page.loadEventFired" and m.get("sessionId") == session
        )
        return Page(self, session)


class Page:
    def __init__(self, browser: Browser, session: str) -> None:
        self.browser, self.session = browser, session

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.browser.call(method, params, self.session)

    def evaluate(self, expression: str) -> Any:
        """The value of ``expression`` (DevTools evaluates even where page scripts are off)."""
        result = self.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
        )
        return result["result"].get("value")

    def type(self, selector: str, text: str) -> None:
        """Focus the field and type ``text`` as keyboard input (real input events)."""
        self.evaluate(f"document.querySelector({json.dumps(selector)}).focus()")
        self.call("Input.insertText", {"text": text})

    def html(self) -> str:
        root = self.call("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        return self.call("DOM.getOuterHTML", {"nodeId": root})["outerHTML"]
