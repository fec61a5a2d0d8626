#!/usr/bin/env python3
"""Precision on code that is not Pipedrive's: every .py file of the standard library and site-packages.

    python benchmarks/precision.py [ROOT…]

Runs the finder and resolver on every file without the cheap pre-filter (so the whole analysis really runs),
and the engine as flake8 calls it (pre-filter included). Prints the files read, the Pipedrive calls found
(each is a false positive unless the file really talks to Pipedrive), the findings, and any exception.
"""
from __future__ import annotations

import site
import sys
import sysconfig
import time
from pathlib import Path

from flake8_pdscopes import catalogue
from flake8_pdscopes.engine import Settings, analyse
from flake8_pdscopes.finder import find_calls
from flake8_pdscopes.finder.project import parse
from flake8_pdscopes.resolve import is_fixed, resolve


def main() -> int:
    roots = [Path(p) for p in sys.argv[1:]] or [
        Path(sysconfig.get_paths()["stdlib"]),
        *map(Path, site.getsitepackages()),
    ]
    cat = catalogue.load()
    files = calls = findings = errors = 0
    start = time.perf_counter()
    for path in sorted({p.resolve() for root in roots for p in root.rglob("*.py")}):
        try:
            source = path.read_bytes()
            tree = parse(source)  # quiet, as the tool is, about warnings in code it only reads
        except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
            continue
        files += 1
        try:
            found = [r for c in find_calls(tree, str(path), lambda m, u: is_fixed(cat, m, u)) if (r := resolve(c, cat))]
        except Exception as error:  # counted and shown: the point is to find them
            errors += 1
            print(f"{path}: {type(error).__name__}: {error}")
            continue
        for resolved in found:
            print(f"{path}:{resolved.call.line}: {resolved.call.method} {resolved.call.urls[0]!r} [{resolved.status}]")
        calls += len(found)
        result = analyse(tree, source.decode("utf-8", "replace"), str(path), Settings())
        findings += len(result.findings)
    seconds = time.perf_counter() - start
    print(f"{files} files, {calls} Pipedrive calls found, {findings} findings, {errors} errors, {seconds:.0f} s")
    return 1 if calls or findings or errors else 0


if __name__ == "__main__":
    sys.exit(main())
