"""Judge: compare resolved calls with the manifest and make Findings (the PDS1xx codes)."""
from __future__ import annotations

from .catalogue import VERSION_PREFIX, Catalogue, Endpoint
from .manifest import Manifest
from .model import Finding, ResolvedCall
from .urls import display


def either(names) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]


def describe(resolved: ResolvedCall) -> str:
    """``GET /deals/{id} (v1)``: the endpoint as users read it; ``/deals/{id}`` alone when the verb is unknown."""
    call = resolved.call
    template = resolved.endpoints[0].template if resolved.status == "known" else display(resolved.path or "")
    verb = f"{call.method} " if call.method else ""
    return f"{verb}{template} ({resolved.version})"


def shown(endpoint: Endpoint, version: str) -> str:
    """An endpoint as a message names it: its version in brackets, or its URL prefix when the call is of the
    other version (``PUT /deals/{id} (v1) or PATCH /api/v2/deals/{id}``)."""
    if endpoint.version == version:
        return str(endpoint)
    return f"{endpoint.method} {VERSION_PREFIX[endpoint.version]}{endpoint.template}"


def likely_meant(catalogue: Catalogue, method: str | None, version: str, path: str) -> str:
    """What a path that matches no endpoint most likely meant, as a message names it; "" when nothing is close."""
    meant = catalogue.meant(method, version, path) or catalogue.meant(None, version, path)
    return either(dict.fromkeys(shown(endpoint, version) for endpoint in meant))


def grants_text(manifest: Manifest, catalogue: Catalogue) -> str:
    declared = sorted((s for s in manifest.scopes if s != "base"), key=catalogue.rank)
    return f"{manifest.source} grants {', '.join(declared)}" if declared else f"{manifest.source} grants no scope"


def is_ignored(resolved: ResolvedCall, manifest: Manifest | None) -> bool:
    if manifest is None or not manifest.ignore:
        return False
    paths = [e.template for e in resolved.endpoints] if resolved.status == "known" else [resolved.path or ""]
    return any(manifest.ignores(resolved.call.method, resolved.version, path) for path in paths)


def is_granted(resolved: ResolvedCall, manifest: Manifest) -> bool:
    """Granted when some endpoint the call may hit is granted (the verb unknown: judged by path alone)."""
    return any(endpoint.granted_by(manifest.granted) for endpoint in resolved.endpoints)


def _replacement(endpoints: list[Endpoint], method_known: bool) -> str:
    """The v2 replacement; for a call whose verb is unknown, the replacement paths alone."""
    named = [e.replacement.split(" ", 1) for e in endpoints if e.replacement]
    if not named:
        return "no v2 replacement is listed"
    if method_known:
        return f"use {named[0][0]} {VERSION_PREFIX['v2']}{named[0][1]}"
    paths = dict.fromkeys(f"{VERSION_PREFIX['v2']}{template}" for _, template in named)
    return f"use {either(paths)}"


def judge(resolved: ResolvedCall, manifest: Manifest | None, catalogue: Catalogue) -> list[Finding]:
    """Findings for one call. ``manifest`` None: missing or invalid, so scopes are not judged (no PDS100)."""
    call = resolved.call
    if is_ignored(resolved, manifest):
        return []
    at = (call.line, call.col)
    if resolved.status == "unresolved":
        shown = sorted({e.name for e in resolved.endpoints})
        listed = f"; candidates: {', '.join(shown[:8])}{' …' if len(shown) > 8 else ''}" if shown else ""
        return [Finding(*at, "PDS103", f"Pipedrive call whose endpoint cannot be determined statically{listed}")]
    if resolved.status == "unknown":
        version, path = resolved.version or "v1", resolved.path or ""
        meant = likely_meant(catalogue, call.method, version, path)
        hint = f"; did you mean {meant}?" if meant else ""
        return [Finding(*at, "PDS101", f"{describe(resolved)} matches no known Pipedrive endpoint{hint}")]
    findings = []
    outdated = [e for e in resolved.endpoints if e.retired or e.deprecated]
    if outdated and len(outdated) == len(resolved.endpoints):
        replacement = _replacement(outdated, call.method is not None)
        if all(e.retired for e in outdated):
            state = f"is retired ({outdated[0].retired}): the call fails now"
        else:
            state = f"is deprecated ({next(e.deprecated for e in outdated if e.deprecated)})"
        findings.append(Finding(*at, "PDS102", f"{describe(resolved)} {state}; {replacement}"))
    if manifest is not None and not is_granted(resolved, manifest):
        needs = sorted(resolved.scopes, key=catalogue.rank)
        findings.append(
            Finding(*at, "PDS100", f"{describe(resolved)} needs {either(needs)}; {grants_text(manifest, catalogue)}")
        )
    return findings
