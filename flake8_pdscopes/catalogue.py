"""The catalogue: Pipedrive endpoints and the OAuth scopes that grant them.

Loaded once per process from ``rules/catalogue.json`` (compiled from the reviewed YAML tables by
``scripts/import_catalogue.py``), then queried by ``(method, api_version, path)``.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .urls import HOLE, normalise_path

VERSIONS = ("v1", "v2")
VERSION_PREFIX = {"v1": "/v1", "v2": "/api/v2"}
_PLACEHOLDER = re.compile(r"\{[^{}/]*\}")


@dataclass(frozen=True)
class Scope:
    name: str
    title: str
    description: str
    rank: int  # 0 base, 1 X:read, 2 X:full and integrations, 3 admin
    source: str


@dataclass(frozen=True)
class Endpoint:
    method: str
    template: str
    version: str
    scopes_any_of: tuple[str, ...]  # least privileged first; empty when no source lists a scope
    sources: dict[str, tuple[str, ...]] = field(hash=False, compare=False)  # scope -> where that grant is stated
    operation_id: str = ""
    deprecated: str | None = None  # why it counts as deprecated (still served)
    retired: str | None = None  # why it counts as retired (no longer served: a call fails)
    replacement: str | None = None  # "METHOD /v2-template"

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"

    def __str__(self) -> str:
        return f"{self.method} {self.template} ({self.version})"

    def granted_by(self, granted: frozenset[str]) -> bool:
        return not self.scopes_any_of or "base" in self.scopes_any_of or not granted.isdisjoint(self.scopes_any_of)


class _Node:
    """One path segment of the per-(version, method) trie; literal children are tried before placeholders."""

    __slots__ = ("literal", "patterns", "endpoint")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.patterns: list[tuple[str, str, _Node]] = []  # (segment, its regex, child)
        self.endpoint: Endpoint | None = None

    def child(self, segment: str) -> _Node:
        if "{" not in segment or not _PLACEHOLDER.search(segment):
            found = self.literal.get(segment)
            if found is None:
                found = self.literal[segment] = _Node()
            return found
        for existing, _, node in self.patterns:
            if existing == segment:
                return node
        node = _Node()
        self.patterns.append((segment, _segment_regex(segment), node))
        return node


def _segment_regex(segment: str) -> str:
    parts, last = [], 0
    for match in _PLACEHOLDER.finditer(segment):
        parts.append(re.escape(segment[last : match.start()]))
        parts.append("[^/]+")
        last = match.end()
    parts.append(re.escape(segment[last:]))
    return "".join(parts)


_ANY_SEGMENT = "[^/]+"  # a segment that is one placeholder: "{id}"


def _segment_matches(pattern: str, segment: str) -> bool:
    # A hole stands for any one run of characters; a placeholder accepts it where the literal
    # parts around the hole fit ("by-<hole>" fits "by-{goalAssignee}"). Patterns are compiled when first
    # used (re keeps them), not when the catalogue loads: most runs meet a handful.
    if pattern == _ANY_SEGMENT:
        return bool(segment)
    return re.fullmatch(pattern, segment.replace(HOLE, "x")) is not None


def _match(node: _Node, segments: list[str], index: int) -> Endpoint | None:
    if index == len(segments):
        return node.endpoint
    segment = segments[index]
    if HOLE not in segment and segment in node.literal:
        found = _match(node.literal[segment], segments, index + 1)
        if found is not None:
            return found
    for _, pattern, child in node.patterns:
        if _segment_matches(pattern, segment):
            found = _match(child, segments, index + 1)
            if found is not None:
                return found
    return None


def _candidates(node: _Node, segments: list[str], index: int, out: list[Endpoint]) -> None:
    """Every endpoint a holed path could be, treating a hole as any text (literal segments included)."""
    if index == len(segments):
        if node.endpoint is not None:
            out.append(node.endpoint)
        return
    segment = segments[index]
    wildcard = re.compile(".*".join(re.escape(part) for part in segment.split(HOLE)))
    for literal, child in node.literal.items():
        if wildcard.fullmatch(literal):
            _candidates(child, segments, index + 1, out)
    for _, pattern, child in node.patterns:
        if _segment_matches(pattern, segment) or HOLE in segment:
            _candidates(child, segments, index + 1, out)


class Catalogue:
    def __init__(self, data: dict) -> None:
        self.scopes = {
            name: Scope(name, info["title"], info["description"], info["rank"], info["source"])
            for name, info in data["scopes"].items()
        }
        self.endpoints: list[Endpoint] = []
        self._tries: dict[tuple[str, str], _Node] = {}
        self._by_shape: dict[tuple[str, str, str], Endpoint] | None = None  # made when first asked
        self._meant: dict[tuple, list[Endpoint]] = {}
        for row in data["endpoints"]:
            endpoint = Endpoint(
                method=row["method"],
                template=row["template"],
                version=row["version"],
                scopes_any_of=tuple(row["grants"]),
                sources={scope: tuple(where) for scope, where in row["grants"].items()},
                operation_id=row.get("operation_id", ""),
                deprecated=row.get("deprecated"),
                retired=row.get("retired"),
                replacement=row.get("replacement"),
            )
            self.endpoints.append(endpoint)
            node = self._tries.setdefault((endpoint.version, endpoint.method), _Node())
            for segment in endpoint.template.strip("/").split("/"):
                node = node.child(segment)
            node.endpoint = endpoint

    def rank(self, scope: str) -> tuple[int, str]:
        known = self.scopes.get(scope)
        return (known.rank if known else 9, scope)

    def match(self, method: str, version: str, path: str) -> Endpoint | None:
        """The endpoint a concrete (or holed) path hits; a literal segment wins over a placeholder."""
        trie = self._tries.get((version, method.upper()))
        if trie is None:
            return None
        return _match(trie, _segments(path), 0)

    def match_any_method(self, version: str, path: str) -> list[Endpoint]:
        """Every method's endpoint on a path, for calls whose HTTP method cannot be known."""
        found = []
        for (trie_version, method), trie in sorted(self._tries.items()):
            if trie_version == version:
                endpoint = _match(trie, _segments(path), 0)
                if endpoint is not None:
                    found.append(endpoint)
        return found

    def candidates(self, method: str | None, version: str, path: str) -> list[Endpoint]:
        """The endpoints a path with holes where only literals stand could be (``/{resource}``)."""
        out: list[Endpoint] = []
        for (trie_version, trie_method), trie in sorted(self._tries.items()):
            if trie_version == version and method in (None, trie_method):
                _candidates(trie, _segments(path), 0, out)
        return out

    def meant(self, method: str | None, version: str, path: str) -> list[Endpoint]:
        """What a call that matches no endpoint most likely meant (for "did you mean"). First the same path with
        the verbs it does have, the closest ones only (``POST /deals/{id}``: the updates ``PUT /deals/{id}``, not
        ``DELETE``), each followed by its v2 replacement; else the closest other path. Asked once per path: the
        fuzzy match is slow and a project repeats its typos."""
        key = (method, version, path)
        if key not in self._meant:
            self._meant[key] = self._find_meant(method, version, path)
        return self._meant[key]

    def _find_meant(self, method: str | None, version: str, path: str) -> list[Endpoint]:
        same_path = self.match_any_method(version, path)
        if same_path:  # a literal segment wins over a placeholder here too: /persons/find is not /persons/{id}
            fewest = min(len(_PLACEHOLDER.findall(e.template)) for e in same_path)
            same_path = [e for e in same_path if len(_PLACEHOLDER.findall(e.template)) == fewest]
            closest = [e for e in same_path if e.method in _CLOSE_VERBS.get(method or "", ())]
            if closest:
                rank = min(_CLOSE_VERBS[method or ""].index(e.method) for e in closest)
                closest = [e for e in closest if _CLOSE_VERBS[method or ""].index(e.method) == rank]
            return self._with_replacements(sorted(closest or same_path, key=lambda e: _VERB_ORDER.index(e.method)))
        target = _PLACEHOLDER.sub("{}", path.replace(HOLE, "{}"))
        pool = [e for e in self.endpoints if e.version == version and method in (None, e.method)]
        by_shape: dict[str, Endpoint] = {}
        for endpoint in pool:
            by_shape.setdefault(_PLACEHOLDER.sub("{}", endpoint.template), endpoint)
        close = _close_matches(target, list(by_shape), 0.6)
        return self._with_replacements([by_shape[close[0]]]) if close else []

    def _with_replacements(self, endpoints: list[Endpoint]) -> list[Endpoint]:
        """Each endpoint followed by its v2 replacement, if it has one."""
        found = []
        for endpoint in endpoints:
            found.append(endpoint)
            if endpoint.replacement:
                new_method, new_template = endpoint.replacement.split(" ", 1)
                replacement = self.find_template(new_method, "v2", new_template)
                found += [replacement] if replacement is not None else []
        return found

    def grants_of(self, scope: str) -> list[Endpoint]:
        return [e for e in self.endpoints if scope in e.scopes_any_of]

    def find_template(self, method: str, version: str, template: str) -> Endpoint | None:
        """An endpoint by its exact template, placeholders named any way (``/deals/{deal_id}`` is ``/deals/{id}``)."""
        if self._by_shape is None:
            self._by_shape = {}
            for endpoint in self.endpoints:
                key = (endpoint.version, endpoint.method, _PLACEHOLDER.sub("{}", endpoint.template))
                self._by_shape.setdefault(key, endpoint)
        return self._by_shape.get((version, method.upper(), _PLACEHOLDER.sub("{}", normalise_path(template))))

    def similar_scopes(self, name: str) -> list[str]:
        return _close_matches(name, list(self.scopes), 0.5, 3)


def _close_matches(word: str, options: list[str], cutoff: float, n: int = 1) -> list[str]:
    import difflib  # only a message that suggests something needs it: not every run

    return difflib.get_close_matches(word, options, n=n, cutoff=cutoff)


_VERB_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")
# For a verb a path does not take, the verbs it most likely meant, closest first: a write that names a record
# is an update (POST /deals/{id} meant PUT; v2 updates are PATCH).
_CLOSE_VERBS = {"POST": ("PUT", "PATCH"), "PUT": ("PATCH", "POST"), "PATCH": ("PUT", "POST")}


def _segments(path: str) -> list[str]:
    return [segment for segment in normalise_path(path).split("/") if segment]


@lru_cache(maxsize=1)
def load() -> Catalogue:
    """The catalogue shipped in the package, loaded once per process (each flake8 worker loads its own)."""
    text = resources.files("flake8_pdscopes.rules").joinpath("catalogue.json").read_text(encoding="utf-8")
    return Catalogue(json.loads(text))
