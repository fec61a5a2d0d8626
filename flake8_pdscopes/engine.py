"""The one engine the flake8 plugin and the ``pdscopes`` command both call: find -> resolve -> judge."""
from __future__ import annotations

import ast
import os
import sys
import tokenize
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import catalogue as catalogue_module
from .finder import find_calls, is_candidate
from .finder.project import source_path
from .manifest import Manifest, ManifestError, display_path, find_manifest, load_manifest, validate
from .model import GUESSED_BASE, Finding, ResolvedCall
from .policy import judge
from .resolve import is_fixed, resolve

STDIN_NAMES = ("", "-", "stdin")


@dataclass(frozen=True)
class Settings:
    manifest: Path | None = None  # --pd-manifest: use this file for every checked file
    scopes: tuple[str, ...] | None = None  # --pd-scopes: scopes given inline instead of a manifest


@dataclass
class FileResult:
    filename: str
    calls: list[ResolvedCall] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    manifest: Manifest | None = None
    manifest_error: str | None = None
    analysis_error: str | None = None  # the analysis failed (a bug of ours): said, never hidden


def _start_folder(filename: str) -> Path:
    """Where the search for a file's manifest begins: its folder; the working directory for stdin."""
    path = source_path(filename)
    return path.parent if path is not None else Path.cwd()


@lru_cache(maxsize=8)
def _inline(scopes: tuple[str, ...]) -> Manifest:
    return validate({"scopes": list(scopes)}, "--pd-scopes", None, catalogue_module.load())


def manifest_for(filename: str, settings: Settings) -> Manifest | None:
    """The manifest that judges a file; None when there is none; ManifestError when it is unusable."""
    if settings.scopes is not None:
        return _inline(settings.scopes)
    if settings.manifest is not None:
        return load_manifest(settings.manifest)
    path = find_manifest(_start_folder(filename))
    return load_manifest(path) if path is not None else None


def _saved_text(filename: str) -> tuple[bool, str | None]:
    """Whether Python would read the file (False for bytes invalid in its declared encoding), and its text as
    Python decodes it, with its newlines as flake8 gives them; (True, None) when there is no file (stdin).

    flake8 falls back to latin-1 for a file Python refuses and checks it anyway; the tool reports nothing
    there, as ``pdscopes scan`` lists it under errors. Only files that talk to Pipedrive pay this read.
    """
    if filename in STDIN_NAMES or not os.path.isfile(filename):
        return True, None
    try:
        with open(filename, "rb") as handle:
            encoding, _ = tokenize.detect_encoding(handle.readline)
            handle.seek(0)
            text = handle.read().decode(encoding)
    except (OSError, SyntaxError, UnicodeDecodeError, LookupError):
        return False, None
    return True, text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def analyse(
    tree: ast.Module, source: str, filename: str, settings: Settings, parsed_from_bytes: bool = False
) -> FileResult:
    """Every Pipedrive call of one module, resolved, and the findings on it. Never raises.

    ``parsed_from_bytes``: the caller parsed the file's bytes itself (so Python accepted their encoding), and
    ``source`` is the file as saved: it need not be read again.
    """
    result = FileResult(filename)
    try:
        if not is_candidate(source, tree, filename):
            return result
        saved = parsed_from_bytes
        if not parsed_from_bytes:
            readable, text = _saved_text(filename)
            if not readable:
                return result
            saved = text == source  # not an editor's unsaved buffer: the project index may answer for it
        catalogue = catalogue_module.load()
        for call in find_calls(tree, filename, lambda method, url: is_fixed(catalogue, method, url), saved):
            resolved = resolve(call, catalogue)
            if resolved is not None:
                result.calls.append(resolved)
        if not result.calls:
            return result
        try:
            result.manifest = manifest_for(filename, settings)
        except ManifestError as error:
            result.manifest_error = str(error)
        if result.manifest is None and result.manifest_error is None:
            # A guessed base counts only in a project whose manifest says it is a Pipedrive app.
            result.calls = [c for c in result.calls if c.call.via != GUESSED_BASE]
            if not result.calls:
                return result
        first = result.calls[0].call
        if result.manifest_error is not None:
            message = f"manifest invalid: {result.manifest_error}"
            result.findings.append(Finding(first.line, first.col, "PDS201", message))
        elif result.manifest is None:
            looked = display_path(_start_folder(filename))
            result.findings.append(
                Finding(
                    first.line,
                    first.col,
                    "PDS200",
                    f"Pipedrive calls found but no pdscopes.yaml in {looked} or any folder above",
                )
            )
        for resolved in result.calls:
            result.findings.extend(judge(resolved, result.manifest, catalogue))
    except Exception as error:  # the analysis of one file must never break a flake8 run
        if os.environ.get("PDSCOPES_DEBUG") == "1":
            traceback.print_exc(file=sys.stderr)
        result.calls = []
        result.analysis_error = f"could not analyse this file ({type(error).__name__}: {error})"
        result.findings = [Finding(1, 0, "PDS103", f"{result.analysis_error}; set PDSCOPES_DEBUG=1 for the trace")]
    result.findings.sort(key=lambda f: (f.line, f.col, f.code))
    return result
