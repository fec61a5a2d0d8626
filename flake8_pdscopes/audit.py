"""Audit: whole-project answers, per manifest: unused and broader-than-needed scopes, and the suggested manifest."""
from __future__ import annotations

import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .catalogue import VERSION_PREFIX, Catalogue
from .engine import FileResult
from .manifest import MANIFEST_NAMES, PYPROJECT, Manifest, ManifestError
from .model import ResolvedCall
from .policy import is_ignored
from .privilege import Need, broader_than_needed, least_privilege, unused, who_needs
from .urls import display

MAX_LISTED = 3  # calls named in a scope's comment before "+N more"


@dataclass
class ManifestGroup:
    """The files one manifest judges (the nearest wins, so a monorepo has several groups)."""

    manifest: Manifest | None
    error: str | None
    results: list[FileResult] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.manifest.source if self.manifest else "(no manifest)"


def group_by_manifest(results: list[FileResult]) -> list[ManifestGroup]:
    groups: dict[str, ManifestGroup] = {}
    for result in results:
        if not result.calls:
            continue
        key = result.manifest.source if result.manifest else result.manifest_error or ""
        group = groups.setdefault(key, ManifestGroup(result.manifest, result.manifest_error))
        group.results.append(result)
    return list(groups.values())


def call_label(result: FileResult, resolved: ResolvedCall) -> str:
    call = resolved.call
    verb = call.method or "*"
    if resolved.status == "known":
        path = resolved.endpoints[0].template
    else:  # a path chosen at run time among several has no one shape: shown as a hole
        path = display(resolved.path) if resolved.path else "/{…}"
    prefix = VERSION_PREFIX.get(resolved.version or "v1", "")
    return f"{verb} {prefix}{path} ({result.filename}:{call.line})"


def needs_of(group: ManifestGroup) -> tuple[list[Need], list[str]]:
    """What the group's calls need, and the labels of the calls that cannot be counted (unresolved)."""
    needs, unresolved = [], []
    for result in group.results:
        for resolved in result.calls:
            if is_ignored(resolved, group.manifest):
                continue
            label = call_label(result, resolved)
            if resolved.status == "known":
                needs.append(Need(frozenset(resolved.scopes), label))
            elif resolved.status == "unresolved":
                candidates = sorted({f"{e.name} ({e.version})" for e in resolved.endpoints})
                more = " …" if len(candidates) > MAX_LISTED else ""
                shown = f" (candidates: {', '.join(candidates[:MAX_LISTED])}{more})" if candidates else ""
                unresolved.append(label + shown)
    return needs, unresolved


def project_findings(group: ManifestGroup, catalogue: Catalogue) -> list[tuple[str, str]]:
    """(code, message) about the manifest itself: scopes that grant no call, scopes broader than needed."""
    if group.manifest is None:
        return []
    needs, _ = needs_of(group)
    found = [("PDS300", f"{scope} grants none of the calls found") for scope in unused(group.manifest.scopes, needs)]
    found += [
        ("PDS301", f"{broad} is broader than needed: {narrow} would do")
        for broad, narrow in broader_than_needed(group.manifest.scopes, needs)
    ]
    return found


def _summary(labels: list[str]) -> str:
    shown = ", ".join(labels[:MAX_LISTED])
    return shown + (f", +{len(labels) - MAX_LISTED} more" if len(labels) > MAX_LISTED else "")


def suggestion(group: ManifestGroup, catalogue: Catalogue):
    """The least-privilege manifest as a ruamel document (the existing one's keys, comments and ignore:
    list kept, its scopes replaced, each with a comment naming the calls that need it), and the calls
    that could not be counted because their endpoint is unresolved."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    needs, unresolved = needs_of(group)
    solution = least_privilege([need.scopes for need in needs], catalogue.rank)
    reasons = who_needs(solution, needs)
    document = _existing(group) or CommentedMap()
    scopes = CommentedSeq(solution)
    column = len("  - ") + max((len(scope) for scope in solution), default=0) + 2
    for index, scope in enumerate(solution):
        scopes.yaml_add_eol_comment(_summary(reasons[scope]), index, column=column)
    if "scopes" in document:
        document.ca.items.pop("scopes", None)  # a comment on the old list speaks of the old scopes
        document["scopes"] = scopes
    else:
        document.insert(0, "scopes", scopes)
    return document, unresolved


def _existing(group: ManifestGroup):
    manifest = group.manifest
    if manifest is None or manifest.path is None or manifest.path.name == PYPROJECT:
        return None
    yaml = _round_trip()
    return yaml.load(manifest.path.read_text(encoding="utf-8"))


def _round_trip():
    from ruamel.yaml import YAML

    yaml = YAML()  # round-trip mode: comments and key order survive
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096
    return yaml


def render(document) -> str:
    stream = io.StringIO()
    _round_trip().dump(document, stream)
    return stream.getvalue()


def write_target(group: ManifestGroup, default_folder: Path) -> Path:
    manifest = group.manifest
    if manifest is not None and manifest.path is not None:
        if manifest.path.name == PYPROJECT:
            raise ManifestError(
                f"{manifest.source}: --write edits YAML manifests; copy the scopes into [tool.pdscopes]"
            )
        return manifest.path
    return default_folder / MANIFEST_NAMES[0]


def write_atomically(path: Path, text: str) -> None:
    """Replace a file in one step: a crash leaves the old manifest or the new one, never half of one."""
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False)
    try:
        with handle:
            handle.write(text)
        if path.exists():
            os.chmod(handle.name, path.stat().st_mode & 0o7777)
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
