"""Generated projects for the benchmarks, written in the shapes the whole-project analysis follows.

    python benchmarks/generate.py FOLDER [--modules 500] [--plain 0] [--lines 0]

``pipedrive_project`` writes a Pipedrive-heavy package: each group of five modules holds a dataclass table of
endpoints, a client whose base URL comes from its constructor, a sync module that sends the table's rows
through the client, helpers that take the verb as an argument, and framework stream classes; a decoy group
aims the same shapes at another API. ``plain_modules`` adds modules that never talk to Pipedrive (the rest of
a monorepo), each about ``lines`` lines long.
"""
from __future__ import annotations

import argparse
from pathlib import Path

RESOURCES = ("deals", "persons", "organizations", "activities", "notes", "products", "leads", "stages")

TABLE = '''"""Pipedrive entities copied by group {g}."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Spec{g}:
    name: str
    path: str
    page_size: int = 100


SPECS_{g} = (
{rows}
)
'''

CLIENT = '''import requests


class Client{g}:
    def __init__(self, base_url, token):
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        self.token = token

    def fetch(self, path, **params):
        return self.session.get(self.base + path, params={{"api_token": self.token, **params}})

    def send(self, verb, path, body=None):
        return self.session.request(verb.upper(), self.base + "/" + path.strip("/"), json=body)
'''

SYNC = '''import os

from app.client_{g} import Client{g}
from app.table_{g} import SPECS_{g}, Spec{g}

BASE = os.environ.get("PIPEDRIVE_API_URL", "https://api.pipedrive.com")


def pull(client: Client{g}, spec: Spec{g}):
    start = 0
    while True:
        page = client.fetch(spec.path, start=start, limit=spec.page_size).json()
        yield from page.get("data") or []
        if not page.get("additional_data", {{}}).get("more_items_in_collection"):
            break
        start += spec.page_size


def run():
    client = Client{g}(BASE, os.environ["PIPEDRIVE_TOKEN"])
    for spec in SPECS_{g}:
        for row in pull(client, spec):
            print(row)
    client.send("post", "/v1/{write}", {{"title": "x"}})
    client.send("delete", "v1/{write}/7")
'''

STREAMS = '''from singer_sdk.streams import RESTStream


class Base{g}(RESTStream):
    @property
    def url_base(self):
        return "https://api.pipedrive.com"


{streams}
'''

STREAM = '''class {name}Stream{g}(Base{g}):
    name = "{resource}_{g}"
    path = "/api/v2/{resource}"
'''

DECOY = '''import requests
from dataclasses import dataclass

LEDGER = "https://api.ledger.example"


@dataclass
class Table{g}:
    path: str


TABLES_{g} = [Table{g}("/v1/deals"), Table{g}("/v1/persons")]


def pull(table: Table{g}):
    cache = {{}}
    url = LEDGER + table.path
    return cache.get(url) or requests.get(url)


for table in TABLES_{g}:
    pull(table)
'''

PLAIN = '''"""Module {n}: records and totals, for the reports."""
import json
import os


def load_{n}(path):
    with open(os.path.join(os.path.dirname(__file__), path)) as handle:
        return json.load(handle)


class Record{n}:
    def __init__(self, name, value):
        self.name = name
        self.value = value

    def total(self, items):
        return sum(item.value for item in items if item.name == self.name)
'''


def pipedrive_project(folder: Path, modules: int) -> int:
    """A package of about ``modules`` modules in groups of five; returns how many files were written."""
    package = folder / "app"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    (folder / "pyproject.toml").write_text('[project]\nname = "generated"\n')
    (folder / "pdscopes.yaml").write_text("scopes: [contacts:read, deals:read]\n")
    written = 1
    for g in range(max(1, modules // 5)):
        shifted = RESOURCES[g % len(RESOURCES):] + RESOURCES[: g % len(RESOURCES)]
        rows = "\n".join(f'    Spec{g}("{r}", "/v1/{r}", {50 + i}),' for i, r in enumerate(shifted[:6]))
        streams = "\n\n".join(STREAM.format(name=r.title(), resource=r, g=g) for r in shifted[:3])
        files = {
            f"table_{g}.py": TABLE.format(g=g, rows=rows),
            f"client_{g}.py": CLIENT.format(g=g),
            f"sync_{g}.py": SYNC.format(g=g, write=shifted[0]),
            f"streams_{g}.py": STREAMS.format(g=g, streams=streams),
            f"ledger_{g}.py": DECOY.format(g=g),
        }
        for name, text in files.items():
            (package / name).write_text(text)
        written += len(files)
    return written


def plain_modules(folder: Path, count: int, lines: int = 0) -> int:
    """Modules that never name Pipedrive, padded with functions to about ``lines`` lines each."""
    package = folder / "lib"
    package.mkdir(parents=True, exist_ok=True)
    (package / "__init__.py").write_text("")
    for n in range(count):
        text = PLAIN.format(n=n)
        extra = 0
        while lines and text.count("\n") < lines:
            text += f"\n\ndef helper_{n}_{extra}(values):\n    return [v * 2 for v in values if v]\n"
            extra += 1
        (package / f"module_{n}.py").write_text(text)
    return count + 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--modules", type=int, default=500)
    parser.add_argument("--plain", type=int, default=0)
    parser.add_argument("--lines", type=int, default=0)
    args = parser.parse_args()
    total = pipedrive_project(args.folder, args.modules)
    if args.plain:
        total += plain_modules(args.folder, args.plain, args.lines)
    print(f"{total} files in {args.folder}")


if __name__ == "__main__":
    main()
