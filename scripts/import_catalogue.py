#!/usr/bin/env python3
"""Regenerate rules/ from Pipedrive's own sources.

    python scripts/import_catalogue.py ../shared/catalogue

reads ``pipedrive-oauth-scopes.txt`` (also kept in rules/sources/) and the OpenAPI snapshots under
``openapi/`` and writes the reviewed tables rules/scopes.yaml and rules/endpoints-v{1,2}.yaml. Only
derived facts (method, path, operationId, scopes, deprecation) are written; the specs themselves are not
committed. From those tables it then compiles rules/catalogue.json, the merged form the linter loads
(JSON because it loads in a few milliseconds in every flake8 worker; YAML would take 20 ms or more).
Review the diff of rules/ before committing it.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

import yaml

from catalogue_sources import linked_v2_replacement, parse_scope_text, spec_operations

RULES = Path(__file__).resolve().parent.parent / "rules"
SEED_NAME = "pipedrive-oauth-scopes.txt"

# Corrections of the scope text's entries, by name, with the reason. Everything else is taken as written.
ENTRY_CORRECTIONS = [
    {
        "scope": "deals:full",
        "as_written": "POST /deals/{id}participants",
        "corrected": "POST /deals/{id}/participants",
        "reason": "missing slash; the specs and the deals:read entry GET /deals/{id}/participants have it",
    },
]
PUNCTUATION_REASON = "list punctuation only; the entry itself is read as written"

# Snapshots, oldest first: a newer snapshot's facts about an operation win.
V1_SPECS = ["2022-09", "2026-01-14", "2026-08-18"]
V2_SPECS = ["2026-01-14", "2026-08-18"]


def load_spec(directory: Path, version: str, snapshot: str) -> dict:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(directory / f"pipedrive-{version}-{snapshot}.yaml", encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def merge_snapshots(directory: Path, version: str, snapshots: list[str]) -> dict[tuple[str, str], dict]:
    table: dict[tuple[str, str], dict] = {}
    for snapshot in snapshots:
        for op in spec_operations(load_spec(directory, version, snapshot)):
            row = table.setdefault((op.method, op.path), {"specs": [], "deprecated_in": []})
            row.update(
                method=op.method,
                path=op.path,
                operation_id=op.operation_id,
                scopes=op.scopes,
                description=op.description,
            )
            row["specs"].append(snapshot)
            if op.deprecated:
                row["deprecated_in"].append(snapshot)
    return table


def find_replacement(row: dict, v2: dict[tuple[str, str], dict]) -> tuple[str, str] | None:
    """The v2 endpoint that replaces a v1 one, and how that was decided."""
    linked = linked_v2_replacement(row["description"])
    if linked and linked in v2:
        return f"{linked[0]} {linked[1]}", "named in the v1 description"
    for method in (row["method"], "PATCH" if row["method"] == "PUT" else None):
        if method and (method, row["path"]) in v2:
            return f"{method} {row['path']}", "same path in v2"
    same_id = [key for key, other in v2.items() if other["operation_id"] == row["operation_id"]]
    if len(same_id) == 1:
        return f"{same_id[0][0]} {same_id[0][1]}", "same operationId in v2"
    return None


def endpoint_rows(table: dict, v2: dict | None, snapshots: list[str]) -> list[dict]:
    """The reviewed rows of one version. An operation gone from the newest snapshot is retired (Pipedrive stopped
    serving it: most core v1 endpoints since 2026-08-01); one still listed but flagged is deprecated."""
    rows = []
    for key in sorted(table, key=lambda k: (k[1], k[0])):
        row = table[key]
        out = {
            "method": row["method"],
            "path": row["path"],
            "operation_id": row["operation_id"],
            "scopes": row["scopes"],
            "specs": row["specs"],
        }
        if snapshots[-1] not in row["specs"]:
            gone = snapshots[snapshots.index(row["specs"][-1]) + 1]
            out["retired"] = f"in the {row['specs'][-1]} spec, gone from the {gone} spec"
        elif row["deprecated_in"]:
            out["deprecated"] = f"flagged deprecated in the {row['deprecated_in'][-1]} spec"
        outdated = "retired" in out or "deprecated" in out
        replacement = find_replacement(row, v2) if v2 is not None and outdated else None
        if replacement:
            out["replacement"], out["replacement_source"] = replacement
        rows.append(out)
    return rows


def scope_document(seed_text: str) -> dict:
    seed = parse_scope_text(seed_text)
    corrections = {c["as_written"]: c["corrected"] for c in ENTRY_CORRECTIONS}
    scopes = {}
    for scope in seed.scopes.values():
        scopes[scope.name] = {
            "title": scope.title,
            "description": scope.description,
            "endpoints": [corrections.get(entry, entry) for entry in scope.endpoints],
        }
    punctuation = [
        {"scope": scope, "entry": entry, "defect": defect, "reason": PUNCTUATION_REASON}
        for scope, entry, defect in seed.defects
    ]
    return {
        "source": f"sources/{SEED_NAME}",
        "entry_corrections": ENTRY_CORRECTIONS,
        "punctuation_corrections": punctuation,
        "scopes": scopes,
    }


def write_yaml(path: Path, header: str, document: object) -> None:
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=120)
    path.write_text(f"# {header}\n# Generated by scripts/import_catalogue.py: edit the script, not this file.\n{text}")
    print(f"wrote {path.relative_to(RULES.parent)}")


SEED_SOURCE = "scope documentation"
PLACEHOLDER = re.compile(r"\{[^{}/]*\}")
FULL_SUFFIX, READ_SUFFIX = ":full", ":read"


def load_rules_yaml(name: str, rules: Path = RULES) -> dict:
    with open(rules / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def scope_rank(name: str) -> int:
    """Privilege rank used to order scopes, least privileged first (see DESIGN, "Least privilege")."""
    if name == "base":
        return 0
    if name == "admin":
        return 3
    return 1 if name.endswith(READ_SUFFIX) else 2


def compile_catalogue(rules: Path = RULES) -> dict:
    """Merge the seed and the spec tables into one endpoint list with, per scope, where its grant comes from.

    An endpoint (version, method, path) is granted by the union of the scopes either source lists for it;
    X:full grants whatever X:read grants.
    """
    seed = load_rules_yaml("scopes.yaml", rules)
    scopes = {
        name: {"title": info["title"], "description": info["description"], "source": SEED_SOURCE}
        for name, info in seed["scopes"].items()
    }
    endpoints: dict[tuple[str, str, str], dict] = {}

    def entry(version: str, method: str, path: str) -> dict:
        # The sources name placeholders differently (/subscriptions/find/{id} and {dealId}): one
        # endpoint per shape, shown with the spec's name, which is the newer and more precise.
        row = endpoints.setdefault(
            (version, method, PLACEHOLDER.sub("{}", path)),
            {"version": version, "method": method, "template": path, "grants": {}},
        )
        return row

    for name, info in seed["scopes"].items():
        for item in info["endpoints"]:
            method, path = item.split(" ", 1)
            entry("v1", method, path)["grants"].setdefault(name, []).append(SEED_SOURCE)
    for version in ("v1", "v2"):
        table = load_rules_yaml(f"endpoints-{version}.yaml", rules)
        for row in table["endpoints"]:
            target = entry(version, row["method"], row["path"])
            target["template"] = row["path"]
            target["operation_id"] = row["operation_id"]
            source = f"{version} spec {row['specs'][-1]}"
            for name in row["scopes"]:
                target["grants"].setdefault(name, []).append(source)
                scopes.setdefault(name, {"title": "", "description": "", "source": source})
            for key in ("deprecated", "retired", "replacement"):
                if key in row:
                    target[key] = row[key]
    for target in endpoints.values():
        grants = target["grants"]
        for name in list(grants):
            broader = name[: -len(READ_SUFFIX)] + FULL_SUFFIX
            if name.endswith(READ_SUFFIX) and broader in scopes and broader not in grants:
                grants[broader] = [f"implied: {broader} includes {name}"]
        target["grants"] = {name: grants[name] for name in sorted(grants, key=lambda n: (scope_rank(n), n))}
    for name, info in scopes.items():
        info["rank"] = scope_rank(name)
    return {
        "scopes": dict(sorted(scopes.items())),
        "endpoints": [endpoints[key] for key in sorted(endpoints)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue", type=Path, help="folder holding the scope text and openapi/")
    args = parser.parse_args(argv)
    source = args.catalogue / SEED_NAME
    shutil.copyfile(source, RULES / "sources" / SEED_NAME)
    write_yaml(
        RULES / "scopes.yaml",
        "Pipedrive's OAuth scopes as its scope documentation lists them (rules/sources/).",
        scope_document(source.read_text(encoding="utf-8")),
    )
    specs = args.catalogue / "openapi"
    v2 = merge_snapshots(specs, "v2", V2_SPECS)
    v1 = merge_snapshots(specs, "v1", V1_SPECS)
    for version, table, replacements in (("v1", v1, v2), ("v2", v2, None)):
        snapshots = V1_SPECS if version == "v1" else V2_SPECS
        write_yaml(
            RULES / f"endpoints-{version}.yaml",
            f"Pipedrive API {version} operations from the OpenAPI snapshots {', '.join(snapshots)}.",
            {"version": version, "snapshots": snapshots, "endpoints": endpoint_rows(table, replacements, snapshots)},
        )
    catalogue = RULES / "catalogue.json"
    catalogue.write_text(json.dumps(compile_catalogue(), indent=1) + "\n", encoding="utf-8")
    print(f"wrote {catalogue.relative_to(RULES.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
