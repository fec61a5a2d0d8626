#!/usr/bin/env python3
"""Precision on code that is not Pipedrive's: every .py file of the standard library and site-packages.

    python benchmarks/precision.py [--jobs N] [ROOT…]

Runs the finder and resolver on every file without the cheap pre-filter (so the whole analysis really runs),
and the engine as flake8 calls it (pre-filter included). Prints the files read, the Pipedrive calls found
(each is a false positive unless the file really talks to Pipedrive), the findings, and any exception, with a
progress line on stderr: an interpreter's site-packages can hold 10,000 files, and without the pre-filter
each one is read with its imports (the standard library's own modules among them).
"""
from __future__ import annotations

import argparse
import os
import site
import sys
import sysconfig
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from flake8_pdscopes import catalogue
from flake8_pdscopes.engine import Settings, analyse
from flake8_pdscopes.finder import find_calls
from flake8_pdscopes.finder.project import parse
from flake8_pdscopes.resolve import is_fixed, resolve

PROGRESS_EVERY = 500  # files between two progress lines


def check(path: Path) -> tuple[list[str], int, int, str | None] | None:
    """(lines to print, calls found, findings, error) for one file; None when it does not parse."""
    try:
        source = path.read_bytes()
        tree = parse(source)  # quiet, as the tool is, about warnings in code it only reads
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
        return None
    cat = catalogue.load()
    try:
        found = [r for c in find_calls(tree, str(path), lambda m, u: is_fixed(cat, m, u)) if (r := resolve(c, cat))]
        findings = len(analyse(tree, source.decode("utf-8", "replace"), str(path), Settings()).findings)
    except Exception as error:  # counted and shown: the point is to find them
        return [], 0, 0, f"{path}: {type(error).__name__}: {error}"
    lines = [f"{path}:{r.call.line}: {r.call.method} {r.call.urls[0]!r} [{r.status}]" for r in found]
    return lines, len(found), findings, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("roots", nargs="*", type=Path, help="folders to read (default: stdlib and site-packages)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes (default: one per CPU)")
    args = parser.parse_args()
    site_roots = [Path(p) for p in site.getsitepackages()]
    roots = args.roots or [Path(sysconfig.get_paths()["stdlib"]), *site_roots]
    # The interpreter's own site-packages sits inside its standard library folder: the environment's are
    # read instead (a venv's, or that same folder when no venv is active). Sorted, and handed out in chunks:
    # one folder's files go to one process, whose index and caches serve them.
    paths = sorted({
        p.resolve() for root in roots for p in root.rglob("*.py")
        if args.roots or root in site_roots or "site-packages" not in p.relative_to(root).parts
    })  # fmt: skip
    files = calls = findings = errors = 0
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for done, result in enumerate(pool.map(check, paths, chunksize=32), start=1):
            if done % PROGRESS_EVERY == 0:
                print(f"{done}/{len(paths)} files, {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
            if result is None:
                continue
            lines, found, reported, error = result
            files += 1
            calls += found
            findings += reported
            errors += error is not None
            for line in lines + ([error] if error else []):
                print(line, flush=True)
    seconds = time.perf_counter() - start
    print(f"{files} files, {calls} Pipedrive calls found, {findings} findings, {errors} errors, {seconds:.0f} s")
    return 1 if calls or findings or errors else 0


if __name__ == "__main__":
    sys.exit(main())
