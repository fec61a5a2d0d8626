#!/usr/bin/env python3
"""The plugin's cost counted in instructions, for machines where wall time drifts.

    python benchmarks/instructions.py [--modules 100] [--stdlib-files 10]

On a shared or virtual machine plain flake8 on the same files can take a third longer from one minute to
the next, so run.py's ratios move by more than most changes do. valgrind's callgrind counts the instructions
a process executes, which do not depend on the machine's load: the same run gives the same count to a
fraction of a percent. This prints, against plain flake8 on the same files, the instruction ratios of the
standard library (a) and of the generated project (c) with a cold cache, a warm cache and one file on a warm
cache. A count is not a time (it leaves out cache misses, system calls and the file system), so the targets
stay run.py's; use this to tell whether a change made the work smaller. It needs valgrind, and takes about
fifty times as long as the runs it counts.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

from generate import pipedrive_project
from run import ENV, RUNNER, drop_cache

COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(mode: str, targets: list[str], cwd: Path) -> int:
    """Instructions of one flake8 run (``mode``: "plain" or "plugin")."""
    command = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
        sys.executable, "-c", RUNNER, mode, "--jobs", "1", "--exit-zero", *targets,
    ]  # fmt: skip
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**ENV, "PYTHONHASHSEED": "0"})
    found = COLLECTED.search(process.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {' '.join(targets)}: {process.stderr.strip()[-300:]}")
    return int(found.group(1))


def compare(label: str, targets: list[str], cwd: Path, cache: str = "") -> None:
    """``cache``: "cold" empties the index cache before the plugin's run, "warm" fills it first."""
    if cache == "warm":
        instructions("plugin", targets, cwd)
    plain = instructions("plain", targets, cwd)
    if cache == "cold":
        drop_cache(cwd)
    plugin = instructions("plugin", targets, cwd)
    print(f"{label}\n  plain flake8      {plain / 1e9:7.3f} G instructions\n"
          f"  flake8 + pdscopes {plugin / 1e9:7.3f} G   ratio {plugin / plain:.3f}x")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=int, default=100, help="modules of the generated project (c)")
    parser.add_argument("--stdlib-files", type=int, default=10, help="the first N standard library files (a)")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("benchmarks/instructions.py needs valgrind (apt install valgrind)", file=sys.stderr)
        return 2
    print(f"Python {sys.version.split()[0]}")
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(str(p.relative_to(stdlib)) for p in stdlib.rglob("*.py") if "site-packages" not in p.parts)
    compare(f"(a) standard library: {args.stdlib_files} files", paths[: args.stdlib_files], stdlib)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pipedrive_project(folder, args.modules)
        compare(f"(c) generated project, {args.modules} modules, cold cache", ["."], folder, "cold")
        compare(f"(c) generated project, {args.modules} modules, warm cache", ["."], folder, "warm")
        compare("    one file (app/table_0.py), warm cache", ["app/table_0.py"], folder, "warm")
    return 0


if __name__ == "__main__":
    sys.exit(main())
