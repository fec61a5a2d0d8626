"""Shared by the tests: run the real flake8 and pdscopes, read expectation markers from example files."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

MARKER = re.compile(r"#\s*((?:PDS\d{3}\s*)+)\s*$")


def expected_markers(path: Path) -> set[tuple[int, str]]:
    """``# PDS100 PDS102`` at the end of a line: those codes are expected on that line."""
    expected = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(line)
        if match:
            expected.update((number, code) for code in match.group(1).split())
    return expected


def run(args: list[str], cwd: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env} if env else None
    return subprocess.run(args, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, env=environment)


def flake8(*args: str, cwd: Path, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "flake8", *args], cwd, stdin, env)


def pdscopes(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "flake8_pdscopes.cli", *args], cwd)
