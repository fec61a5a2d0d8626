"""Parsers for the catalogue's sources: Pipedrive's scope documentation text and its OpenAPI specs.

Shared by ``import_catalogue.py`` (which writes ``rules/``) and by the tests that prove ``rules/``
still says what the sources say.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SCOPE_BLOCK = re.compile(
    r"^(?P<name>[a-z-]+(?::[a-z]+)?) \| (?P<title>[^\n]*)\n"
    r"(?P<description>.*?) \| \"(?P=name)\": \[\n"
    r"(?P<body>.*?)^\] \|",
    re.S | re.M,
)
ENTRY = re.compile(r'^"(?P<method>[A-Z]+) (?P<path>[^"]+)"(?P<sep>\s*,?)$')

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Scope:
    name: str
    title: str
    description: str
    endpoints: list[str] = field(default_factory=list)


@dataclass
class SeedText:
    scopes: dict[str, Scope]
    # Punctuation defects of the list syntax, as (scope, entry, defect) triples.
    defects: list[tuple[str, str, str]]


def parse_scope_text(text: str) -> SeedText:
    """Parse the scope table: ``name | title``, description ``| "name": [``, one quoted entry a line, ``] |``.

    The list syntax is parsed strictly enough that every deviation from ``"METHOD /path",`` (comma on
    every entry but the last) is reported as a defect rather than silently accepted.
    """
    scopes: dict[str, Scope] = {}
    defects: list[tuple[str, str, str]] = []
    for block in SCOPE_BLOCK.finditer(text):
        scope = Scope(block["name"], block["title"].strip(), " ".join(block["description"].split()))
        lines = [line for line in block["body"].splitlines() if line.strip()]
        for index, line in enumerate(lines):
            entry = ENTRY.match(line.strip())
            if entry is None:
                raise ValueError(f"{scope.name}: cannot read entry {line!r}")
            name = f"{entry['method']} {entry['path']}"
            last = index == len(lines) - 1
            separator = entry["sep"]
            if last and separator.strip():
                defects.append((scope.name, name, "trailing comma"))
            elif not last and not separator.strip():
                defects.append((scope.name, name, "missing comma"))
            elif separator not in ("", ","):
                defects.append((scope.name, name, "space before comma"))
            if name not in scope.endpoints:
                scope.endpoints.append(name)
        scopes[scope.name] = scope
    return SeedText(scopes, defects)


@dataclass
class Operation:
    method: str
    path: str
    operation_id: str
    scopes: list[str]
    deprecated: bool
    description: str


def spec_operations(spec: dict) -> list[Operation]:
    """The API operations of one OpenAPI document: those on the API host that OAuth scopes guard."""
    operations = []
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            if any("oauth.pipedrive.com" in server.get("url", "") for server in op.get("servers", [])):
                continue  # the authorisation server: not an API call
            scopes: list[str] = []
            for requirement in op.get("security", spec.get("security", [])):
                for scope in requirement.get("oauth2") or []:
                    if scope not in scopes:
                        scopes.append(scope)
            operations.append(
                Operation(
                    method.upper(),
                    path,
                    op.get("operationId", ""),
                    scopes,
                    bool(op.get("deprecated")),
                    op.get("description", "") or "",
                )
            )
    return operations


V2_LINK = re.compile(r"\b(GET|POST|PUT|PATCH|DELETE) /api/v2(/[^\s<\"']*)")


def linked_v2_replacement(description: str) -> tuple[str, str] | None:
    """A v2 endpoint named in a deprecated v1 operation's description ("Please use DELETE /api/v2/...")."""
    link = V2_LINK.search(description)
    if link is None:
        return None
    return link[1], link[2].rstrip(".,)")
