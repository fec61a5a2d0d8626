"""Observed calls: the Pipedrive requests a test run recorded (``pytest --pdscopes-record FILE``), read back and
joined to what static analysis found (``pdscopes scan|check|suggest --observed FILE``).

An observed call sits at the innermost frame of the project's own code that sent it. Static analysis found it
when one of the recorded frames (the request, or a wrapper's call site further out) holds a resolved static
call that may hit the same endpoint, or when the project fixes that endpoint where it is written (a table row, a class
attribute) and the request only carried it. A call found neither way is PDS104; one the manifest does not
grant is PDS100 there too.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, replace
from pathlib import Path

from .catalogue import Catalogue, Endpoint
from .model import ApiCall, Finding, ResolvedCall
from .policy import describe
from .resolve import resolve

RECORD_FORMAT = 1
OBSERVED = "observed"  # the via of an observed call
# The vias of static calls placed where their endpoint is written rather than at the request.
_PLACED = ("constructor", "literal", "constant", "guessed-base")


class RecordError(Exception):
    """A record file that cannot be used; ``str()`` is the one line shown to the user."""


@dataclass(frozen=True)
class Observed:
    method: str
    url: str
    tests: tuple[str, ...]
    frames: tuple[tuple[str, int], ...]  # (path as shown, line), innermost first; empty: no project frame
    source: str  # the record file


def load_records(paths: list[str]) -> list[Observed]:
    """Every call of the record files, same requests from the same place merged (their tests joined)."""
    merged: dict[tuple, Observed] = {}
    for given in paths:
        for observed in _read(Path(given)):
            key = (observed.method, observed.url, observed.frames)
            known = merged.get(key)
            tests = observed.tests if known is None else tuple(dict.fromkeys(known.tests + observed.tests))
            merged[key] = replace(observed, tests=tests)
    return list(merged.values())


def _read(path: Path) -> list[Observed]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RecordError(f"{path}: cannot be read ({error.strerror or error})") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise RecordError(f"{path}: not a pdscopes record file (invalid JSON: {error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("format"), int):
        raise RecordError(f"{path}: not a pdscopes record file (no format number)")
    if document["format"] > RECORD_FORMAT:
        raise RecordError(
            f"{path}: written in record format {document['format']} by a newer flake8-pdscopes; this one reads "
            f"format {RECORD_FORMAT}: upgrade it"
        )
    calls = document.get("calls")
    if document["format"] < 1 or not isinstance(calls, list):
        raise RecordError(f"{path}: not a pdscopes record file (no list of calls)")
    base = path.parent
    return [_call(path, base, index, call) for index, call in enumerate(calls)]


def _call(path: Path, base: Path, index: int, call: object) -> Observed:
    def bad(why: str) -> RecordError:
        return RecordError(f"{path}: call {index + 1} {why}")

    if not isinstance(call, dict):
        raise bad("is not an object")
    method, url, test = call.get("method"), call.get("url"), call.get("test")
    if not isinstance(method, str) or not isinstance(url, str):
        raise bad("needs a method and a url")
    if test is not None and not isinstance(test, str):
        raise bad("has a test id that is not text")
    frames = call.get("frames", [])
    if not isinstance(frames, list) or not all(
        isinstance(f, list) and len(f) == 2 and isinstance(f[0], str) and isinstance(f[1], int) for f in frames
    ):
        raise bad("has frames that are not [file, line] pairs")
    shown = tuple((_shown(base / file), line) for file, line in frames)
    return Observed(method.upper(), url, (test,) if test else (), shown, str(path))


def _shown(path: Path) -> str:
    """A path as the rest of the command shows files: relative to the working directory when under it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return absolute.as_posix()


def join(static: dict[str, list[ResolvedCall]], records: list[Observed], catalogue: Catalogue) -> dict:
    """Each observed call resolved and placed at its innermost project frame (the record file when it has
    none), with whether static analysis found it: file (as shown) -> [(call, found)].
    ``static``: file (as shown) -> the calls static analysis found there."""
    at: dict[tuple[str, int], set[Endpoint]] = {}
    placed: set[Endpoint] = set()
    for file, calls in static.items():
        for resolved in calls:
            if resolved.status != "known":
                continue  # an endpoint static analysis could not determine (PDS103) was not found
            at.setdefault((_key(file), resolved.call.line), set()).update(resolved.endpoints)
            if resolved.call.via in _PLACED or resolved.call.via.startswith("framework:"):
                placed.update(resolved.endpoints)
    joined: dict[str, list[tuple[ResolvedCall, bool]]] = {}
    for observed in records:
        file, line = observed.frames[0] if observed.frames else (_shown(Path(observed.source)), 1)
        resolved = resolve(ApiCall(line, 0, observed.method, (observed.url,), OBSERVED, tests=observed.tests),
                           catalogue)  # fmt: skip
        if resolved is None:
            continue
        endpoints = set(resolved.endpoints)
        found = not endpoints.isdisjoint(placed) or any(
            not endpoints.isdisjoint(at.get((_key(f), n), ())) for f, n in observed.frames
        )
        joined.setdefault(file, []).append((resolved, found))
    return joined


def not_found(resolved: ResolvedCall) -> Finding:
    """PDS104 for an observed call static analysis did not find."""
    tests = resolved.call.tests
    seen = f" in {tests[0]}" + (f" and {len(tests) - 1} more" if len(tests) > 1 else "") if tests else ""
    message = f"{describe(resolved)} observed at run time{seen} but not found statically"
    return Finding(resolved.call.line, resolved.call.col, "PDS104", message)


def _key(file: str) -> str:
    return os.path.normcase(os.path.abspath(file))
