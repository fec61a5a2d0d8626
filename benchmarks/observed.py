#!/usr/bin/env python3
"""The pytest recorder's cost on a test suite of many mocked HTTP calls, in ratios to pytest without the plugin.

    python benchmarks/observed.py [--tests 200] [--calls 25] [--repeat 3]

Generates a project whose tests each send ``--calls`` requests to a mocked Pipedrive (``responses``), half
through ``requests`` and half through ``httpx`` (``respx``), and times three runs of it, interleaved: pytest
with the plugin disabled (``-p no:pdscopes``), the plugin installed but not asked (the default), and the plugin
recording. Prints each time, and the ratios to the first.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CLIENT = '''\
import httpx
import requests

BASE = "https://acme.pipedrive.com/api/v2"


def with_requests(session, deal_id):
    return session.get(f"{BASE}/deals/{deal_id}", params={"api_token": "t"}).json()


def with_httpx(client, deal_id):
    return client.get(f"{BASE}/deals/{deal_id}").json()
'''

TESTS = '''\
import re

import httpx
import requests
import responses
import respx

from app import client

ANY = re.compile(r"https://acme\\.pipedrive\\.com/.*")
'''

TEST = '''

@responses.activate
def test_requests_{n}():
    responses.get(ANY, json={{"data": {{}}}})
    session = requests.Session()
    for deal_id in range({calls}):
        client.with_requests(session, deal_id)


def test_httpx_{n}():
    with respx.mock, httpx.Client() as http:
        respx.get(url__regex=ANY.pattern).respond(200, json={{"data": {{}}}})
        for deal_id in range({calls}):
            client.with_httpx(http, deal_id)
'''


def generate(folder: Path, tests: int, calls: int) -> None:
    (folder / "app").mkdir()
    (folder / "app" / "__init__.py").write_text("")
    (folder / "app" / "client.py").write_text(CLIENT)
    (folder / "tests").mkdir()
    for module in range(max(1, tests // 20)):
        body = "".join(TEST.format(n=n, calls=calls) for n in range(10))
        (folder / "tests" / f"test_sync_{module}.py").write_text(TESTS + body)


def timed(folder: Path, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(folder)}
    env.pop("PDSCOPES_RECORD", None)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder), *args]
    start = time.perf_counter()
    process = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"pytest failed:\n{process.stdout[-2000:]}{process.stderr[-2000:]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", type=int, default=200, help="tests in the suite (half requests, half httpx)")
    parser.add_argument("--calls", type=int, default=25, help="mocked requests per test")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        generate(folder, args.tests, args.calls)
        modes = {
            "plugin disabled (-p no:pdscopes)": ["-p", "no:pdscopes"],
            "plugin installed, not asked": [],
            "plugin recording": ["--pdscopes-record", "observed.json"],
        }
        timed(folder, "-p", "no:pdscopes")  # bytecode caches and the page cache, before anything is timed
        best = {label: float("inf") for label in modes}
        order = list(modes)
        for round_ in range(args.repeat):  # interleaved and rotated, so drift and order hit every mode alike
            for label in order[round_ % len(order):] + order[: round_ % len(order)]:
                best[label] = min(best[label], timed(folder, *modes[label]))
        requests_sent = sum(1 for _ in (folder / "tests").glob("*.py")) * 10 * 2 * args.calls
        print(f"pytest recorder: {requests_sent} mocked requests in {requests_sent // args.calls} tests "
              f"(Python {sys.version.split()[0]})")  # fmt: skip
        base = best["plugin disabled (-p no:pdscopes)"]
        for label, seconds in best.items():
            print(f"  {label:34} {seconds:6.2f} s   ratio {seconds / base:.3f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
