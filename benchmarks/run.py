#!/usr/bin/env python3
"""Cost of the plugin, as ratios against plain flake8 on the same files in the same run.

    python benchmarks/run.py [--repeat 3] [--copies 60] [--stdlib-files N] [--modules 500]

(a) the standard library's .py files (nothing Pipedrive-related); (b) a Pipedrive-heavy project: copies of
the annotated corpus (tests/corpus/), every shape the tool knows; (c) a generated project in the shapes the
whole-project index follows (benchmarks/generate.py): full runs with a cold and a warm index cache, and one
file on a warm cache, as an editor or pre-commit runs it; (d) the index's memory at 2,000 modules; (e)
``pdscopes scan`` of a monorepo where few files talk to Pipedrive. "Plain flake8" is the same flake8 with
this plugin filtered out of its plugin list, so both runs share versions and settings. Each configuration
runs with --jobs 1 (stable ratios); the best of --repeat runs is kept. Beside it, the in-process ratio: each plugin
run's time against that time less the plugin's own (its import and checks, timed inside the process).
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from generate import pipedrive_project, plain_modules

ROOT = Path(__file__).resolve().parent.parent
# As users run it: with bytecode caches (an environment that sets PYTHONDONTWRITEBYTECODE would otherwise
# compile this package's modules from source in every process, which an installed wheel never does).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
RUNNER = """
import atexit, resource, sys, time
import flake8.plugins.finder as finder
own = [0.0]  # the plugin's time in this process: its import and its checks
if sys.argv[1] == "plain":
    found = finder.find_plugins
    finder.find_plugins = lambda *a, **k: [p for p in found(*a, **k) if p.package != "flake8-pdscopes"]
else:
    started = time.perf_counter()
    import flake8_pdscopes.plugin as plugin
    own[0] = time.perf_counter() - started
    check = plugin.Plugin.run
    def run(self):
        start = time.perf_counter()
        found = list(check(self))
        own[0] += time.perf_counter() - start
        return iter(found)
    plugin.Plugin.run = run
atexit.register(lambda: print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, own[0], file=sys.stderr))
from flake8.main.cli import main
main(sys.argv[2:])
"""
STARTUP = """
import time
import flake8.checker  # already loaded in any flake8 run: not the plugin's cost
start = time.perf_counter()
import flake8_pdscopes.plugin
imported = time.perf_counter()
# What the first module that may talk to Pipedrive adds, once per process: the analysis and the catalogue.
import flake8_pdscopes.finder.calls
from flake8_pdscopes import catalogue
catalogue.load()
loaded = time.perf_counter()
import sys
print(f"{(imported - start) * 1000:.1f} {(loaded - imported) * 1000:.1f} {'astroid' in sys.modules}")
"""


NOISY = ": a noisy machine, trust the in-process ratio or benchmarks/instructions.py"


class Run(NamedTuple):
    seconds: float  # wall time of the process
    peak: int  # KiB
    own: float = 0.0  # seconds the plugin took inside it (its import and its checks)


def timed(command: list[str], cwd: Path) -> Run:
    start = time.perf_counter()
    process = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=ENV)
    elapsed = time.perf_counter() - start
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command[:4])}… failed:\n{process.stderr[-2000:]}")
    last = process.stderr.strip().splitlines()[-1].split() if process.stderr.strip() else []
    if len(last) == 2 and last[0].isdigit():  # what RUNNER prints
        return Run(elapsed, int(last[0]), float(last[1]))
    return Run(elapsed, 0)


def flake8(mode: str, targets: list[str], cwd: Path) -> Run:
    return timed([sys.executable, "-c", RUNNER, mode, "--jobs", "1", "--exit-zero", *targets], cwd)


def best(runs: list[Run]) -> tuple[float, int]:
    return min(r.seconds for r in runs), max(r.peak for r in runs)


def drop_cache(cwd: Path) -> None:
    shutil.rmtree(cwd / ".pdscopes_cache", ignore_errors=True)


def compare(label: str, targets: list[str], cwd: Path, files: int, repeat: int, cold: bool = False) -> None:
    """Plain flake8 against flake8 with the plugin; ``cold``: no index cache before each plugin run, else
    the plugin runs after one run that wrote it (warm)."""
    plain, plugin = [], []
    if not cold:
        flake8("plugin", targets, cwd)
    for _ in range(repeat):  # interleaved, so drift of the machine hits both alike
        plain.append(flake8("plain", targets, cwd))
        if cold:
            drop_cache(cwd)
        plugin.append(flake8("plugin", targets, cwd))
    (t_plain, m_plain), (t_plugin, m_plugin) = best(plain), best(plugin)
    per_file = (t_plugin - t_plain) / files * 1000
    # The same plain run, repeated: how far apart its times are is how far a ratio here can be trusted.
    spread = max(r.seconds for r in plain) / t_plain - 1
    print(f"{label}: {files} files")
    print(f"  plain flake8        {t_plain:7.2f} s   peak {m_plain / 1024:6.1f} MiB   "
          f"(slowest of {len(plain)} runs +{spread:.0%}{NOISY if spread > 0.05 else ''})")  # fmt: skip
    print(f"  flake8 + pdscopes   {t_plugin:7.2f} s   peak {m_plugin / 1024:6.1f} MiB"
          f"   ({(m_plugin - m_plain) / 1024:+.1f} MiB)")  # fmt: skip
    print(f"  ratio {t_plugin / t_plain:.3f}x   plugin cost per file {per_file:+.2f} ms   plugin - plain "
          f"{(t_plugin - t_plain) * 1000:+.0f} ms")  # fmt: skip
    # Within one process the machine's drift slows flake8 and the plugin alike; this leaves out only what the
    # plugin makes flake8 do (its findings' reporting and noqa lookups).
    inside = statistics.median(r.seconds / (r.seconds - r.own) for r in plugin)
    own = statistics.median(r.own for r in plugin)
    print(f"  in-process ratio {inside:.3f}x   (the plugin's own {own * 1000:.0f} ms of each run, median of "
          f"{len(plugin)})")  # fmt: skip


def scan(targets: list[str], cwd: Path, repeat: int, cold: bool = True) -> float:
    command = [sys.executable, "-m", "flake8_pdscopes.cli", "scan", *targets]
    times = []
    for _ in range(repeat):
        if cold:
            drop_cache(cwd)
        times.append(timed(command, cwd).seconds)
    return min(times)


def heavy_corpus(folder: Path, copies: int) -> int:
    corpus = ROOT / "tests" / "corpus"
    shutil.copy(corpus / "pdscopes.yaml", folder)
    for index in range(copies):
        copy = folder / f"app{index}"
        shutil.copytree(corpus, copy, ignore=shutil.ignore_patterns("pdscopes.yaml", "__pycache__"))
    return sum(1 for _ in folder.rglob("*.py"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--copies", type=int, default=60, help="copies of the corpus in the heavy project")
    parser.add_argument("--stdlib-files", type=int, default=0, help="only the first N standard library files")
    parser.add_argument("--modules", type=int, default=500, help="modules of the generated project (c)")
    args = parser.parse_args()

    startup = [subprocess.run([sys.executable, "-c", STARTUP], capture_output=True, text=True, env=ENV).stdout.split()
               for _ in range(6)][1:]  # the first run writes the bytecode caches  # fmt: skip
    imports = min(float(s[0]) for s in startup)
    loads = min(float(s[1]) for s in startup)
    print(f"start-up: import flake8_pdscopes.plugin {imports:.1f} ms (every run); + analysis and catalogue "
          f"{loads:.1f} ms on the first Pipedrive file = {imports + loads:.1f} ms "
          f"(astroid imported: {startup[0][2]})")  # fmt: skip

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    paths = sorted(str(p.relative_to(stdlib)) for p in stdlib.rglob("*.py") if "site-packages" not in p.parts)
    paths = paths[: args.stdlib_files] if args.stdlib_files else paths
    compare("(a) standard library", paths, stdlib, len(paths), args.repeat)

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = heavy_corpus(folder, args.copies)
        compare(f"(b) Pipedrive-heavy project ({count_calls(folder)} calls), cold cache", ["."], folder, files,
                args.repeat, cold=True)  # fmt: skip
        print(f"  pdscopes scan       {scan(['.'], folder, args.repeat):7.2f} s")

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = pipedrive_project(folder, args.modules)
        label = f"(c) generated whole-project shapes ({count_calls(folder)} calls)"
        compare(f"{label}, cold cache", ["."], folder, files, args.repeat, cold=True)
        compare(f"{label}, warm cache", ["."], folder, files, args.repeat)
        compare("    one file (app/table_0.py), warm cache", ["app/table_0.py"], folder, 1, args.repeat)
        print(f"  pdscopes scan       {scan(['.'], folder, args.repeat):7.2f} s")

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = pipedrive_project(folder, 2000)
        compare("(d) index memory, 2,000 generated modules, cold cache", ["."], folder, files, 1, cold=True)

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        files = pipedrive_project(folder, 100) + plain_modules(folder, 1400, lines=200)
        lines = sum(p.read_text().count("\n") for p in folder.rglob("*.py"))
        print(f"(e) monorepo: {files} files, {lines} lines, 100 of them Pipedrive modules")
        print(f"  pdscopes scan       {scan(['.'], folder, args.repeat):7.2f} s cold, "
              f"{scan(['.'], folder, args.repeat, cold=False):.2f} s warm")  # fmt: skip
    return 0


def count_calls(folder: Path) -> int:
    return subprocess.run(
        [sys.executable, "-m", "flake8_pdscopes.cli", "scan", "--format", "json", "."],
        cwd=folder, capture_output=True, text=True, env={**ENV, "PDSCOPES_NO_CACHE": "1"},
    ).stdout.count('"line"')  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
