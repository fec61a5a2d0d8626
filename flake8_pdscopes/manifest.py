"""The manifest: the scopes an app declares (``pdscopes.yaml``, ``.pdscopes.yaml`` or ``[tool.pdscopes]``).

Found by walking up from the checked file; loaded once per process per file version; read safely
(``yaml.SafeLoader`` without aliases, size-limited); every problem is a one-line ``ManifestError``.
"""
from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import cache
from .catalogue import Catalogue, load
from .urls import normalise_path, split_version

MANIFEST_NAMES = ("pdscopes.yaml", ".pdscopes.yaml")
PYPROJECT = "pyproject.toml"
KEYS = ("scopes", "ignore")
MAX_BYTES = 1_000_000
_PLACEHOLDER = re.compile(r"\{[^{}/]*\}")


class ManifestError(Exception):
    """A manifest that cannot be used; ``str()`` is the one line shown to the user."""


@dataclass(frozen=True)
class IgnoreRule:
    method: str
    version: str | None  # None: either version
    segments: tuple[str, ...]  # "{}" for a placeholder
    text: str

    def covers(self, method: str | None, version: str | None, path: str) -> bool:
        if method is not None and self.method not in ("*", method):
            return False
        if self.version is not None and version is not None and self.version != version:
            return False
        segments = tuple(_PLACEHOLDER.sub("{}", s) for s in normalise_path(path).strip("/").split("/") if s)
        return len(segments) == len(self.segments) and all(
            rule == "{}" or rule == seg for rule, seg in zip(self.segments, segments)
        )


@dataclass(frozen=True)
class Manifest:
    source: str  # how to name it to the user: its path, or "--pd-scopes"
    path: Path | None
    scopes: tuple[str, ...]
    ignore: tuple[IgnoreRule, ...] = ()

    @property
    def granted(self) -> frozenset[str]:
        return frozenset(self.scopes) | {"base"}

    def ignores(self, method: str | None, version: str | None, path: str) -> bool:
        return any(rule.covers(method, version, path) for rule in self.ignore)


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


@lru_cache(maxsize=1)
def _loader() -> type:
    """SafeLoader that refuses anchors and aliases: a manifest needs none, and they allow alias bombs.

    Built on first use so that PyYAML is imported only when a manifest is read.
    """
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):  # type: ignore[override]
            if self.check_event(yaml.AliasEvent):
                mark = self.peek_event().start_mark
                raise yaml.composer.ComposerError(None, None, "aliases are not allowed in a manifest", mark)
            return super().compose_node(parent, index)

    return NoAliasLoader


def _read(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ManifestError(f"{display_path(path)}: too large ({size} bytes; a manifest is at most {MAX_BYTES})")
        with open(path, "rb") as handle:
            return handle.read(MAX_BYTES + 1).decode("utf-8")
    except UnicodeDecodeError:
        raise ManifestError(f"{display_path(path)}: not UTF-8 text") from None
    except IsADirectoryError:
        raise ManifestError(f"{display_path(path)}: is a directory, not a file") from None
    except OSError as error:
        raise ManifestError(f"{display_path(path)}: cannot be read ({error.strerror or error})") from None


def _parse_yaml(path: Path) -> object:
    import yaml

    try:
        return yaml.load(_read(path), Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ManifestError(f"{display_path(path)}: YAML error{where}: {problem}") from None


def _pyproject_table(path: Path) -> dict | None:
    """``[tool.pdscopes]`` of a pyproject.toml, or None when it has none."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.9 and 3.10 only
        import tomli as tomllib
    text = _read(path)
    if "pdscopes" not in text:
        return None
    try:
        return tomllib.loads(text).get("tool", {}).get("pdscopes")
    except tomllib.TOMLDecodeError as error:
        raise ManifestError(f"{display_path(path)}: TOML error: {error}") from None


def validate(document: object, source: str, path: Path | None, catalogue: Catalogue) -> Manifest:
    if not isinstance(document, dict):
        raise ManifestError(f"{source}: expected a mapping with a scopes: list, found {type(document).__name__}")
    unknown = [key for key in document if key not in KEYS]
    if unknown:
        hint = _did_you_mean(str(unknown[0]), KEYS)
        raise ManifestError(f"{source}: unknown key {unknown[0]!r}{hint}; allowed keys: {', '.join(KEYS)}")
    if "scopes" not in document:
        raise ManifestError(f"{source}: missing the scopes: list (the OAuth scopes the app requests)")
    scopes = document["scopes"]
    if scopes is None:
        scopes = []
    if not isinstance(scopes, list) or not all(isinstance(s, str) for s in scopes):
        raise ManifestError(f"{source}: scopes must be a list of scope names")
    for scope in scopes:
        if scope not in catalogue.scopes:
            hint = _did_you_mean(scope, list(catalogue.scopes))
            raise ManifestError(f"{source}: unknown scope {scope!r}{hint}")
    ignore = document.get("ignore") or []
    if not isinstance(ignore, list) or not all(isinstance(entry, str) for entry in ignore):
        raise ManifestError(f'{source}: ignore must be a list of "METHOD /path" strings')
    return Manifest(source, path, tuple(dict.fromkeys(scopes)), tuple(_ignore_rule(e, source) for e in ignore))


def _ignore_rule(entry: str, source: str) -> IgnoreRule:
    parts = entry.split()
    if len(parts) != 2 or not parts[1].startswith("/"):
        raise ManifestError(f'{source}: ignore entry {entry!r} is not "METHOD /path"')
    method, path = parts[0].upper(), parts[1]
    versioned = split_version(path)
    version, path = (versioned.version, versioned.path) if versioned else (None, normalise_path(path))
    segments = tuple(_PLACEHOLDER.sub("{}", s) for s in path.strip("/").split("/") if s)
    return IgnoreRule(method, version, segments, entry)


def _did_you_mean(name: str, options) -> str:
    import difflib

    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


@lru_cache(maxsize=64)
def _load(path: Path, stamp: tuple[int, int]) -> Manifest:
    source = display_path(path)
    document = _pyproject_table(path) if path.name == PYPROJECT else _yaml_document(path, stamp)
    return validate(document, source, path, load())


def _yaml_document(path: Path, stamp: tuple[int, int]) -> object:
    """The manifest's YAML, parsed; taken from the project's cache while the file is unchanged, so a run on
    one file (an editor, pre-commit) needs no YAML parser. A document JSON cannot hold as it is is not kept."""
    from .finder.index import project_root

    base = cache.base_folder(project_root(path.parent))
    entry = base / "manifests" / f"{cache.name_of(str(path))}.json" if base is not None else None
    cached = cache.read_json(entry) if entry is not None else None
    if isinstance(cached, dict) and cached.get("path") == str(path) and cached.get("stamp") == list(stamp):
        return cached.get("document")
    document = _parse_yaml(path)
    if entry is not None:
        try:
            if json.loads(json.dumps(document)) == document:
                cache.prepare(base, entry.parent)
                cache.atomic_write(entry, json.dumps({"path": str(path), "stamp": list(stamp), "document": document}))
        except (OSError, TypeError, ValueError):
            pass  # read-only, or dates and other values JSON has not: parse again next time
    return document


def load_manifest(path: Path) -> Manifest:
    try:
        stat = path.stat()
    except OSError as error:
        raise ManifestError(f"{display_path(path)}: cannot be read ({error.strerror or error})") from None
    return _load(path, (stat.st_mtime_ns, stat.st_size))


def manifest_in(folder: Path) -> Path | None:
    """The manifest of one folder; two of them there is an error naming both."""
    found = [folder / name for name in MANIFEST_NAMES if (folder / name).is_file()]
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _has_pdscopes_table(pyproject):
        found.append(pyproject)
    if len(found) > 1:
        names = " and ".join(display_path(p) for p in found)
        raise ManifestError(f"{names}: two manifests in one folder; keep one")
    return found[0] if found else None


def _has_pdscopes_table(path: Path) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return False
    return _pyproject_mentions(path, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _pyproject_mentions(path: Path, stamp: int) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"^\s*\[tool\.pdscopes\]", text, re.M) is not None


@lru_cache(maxsize=1024)
def find_manifest(start: Path) -> Path | None:
    """The nearest manifest in ``start`` or a folder above it (the nearest wins; no merging)."""
    seen = set()
    folder = start
    while folder not in seen:
        seen.add(folder)
        found = manifest_in(folder)
        if found is not None:
            return found
        if folder.parent == folder:
            break
        folder = folder.parent
    return None
