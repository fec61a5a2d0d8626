"""Resolve: an ApiCall's URL(s) to the catalogue's endpoint, or ``unknown``, or ``unresolved``."""
from __future__ import annotations

from .catalogue import Catalogue, Endpoint
from .model import ApiCall, ResolvedCall
from .urls import HOLE, ApiPath, parse_url


def _resolve_one(catalogue: Catalogue, method: str | None, api: ApiPath) -> tuple[str, tuple[Endpoint, ...]]:
    if method is not None:
        endpoint = catalogue.match(method, api.version, api.path)
        found: tuple[Endpoint, ...] = (endpoint,) if endpoint else ()
    else:
        found = tuple(catalogue.match_any_method(api.version, api.path))
    if found:
        return "known", found
    if HOLE in api.path:
        candidates = tuple(catalogue.candidates(method, api.version, api.path))
        if candidates:
            return "unresolved", candidates
    return "unknown", ()


def resolve(call: ApiCall, catalogue: Catalogue) -> ResolvedCall | None:
    """None when none of the call's URLs is a Pipedrive API URL after all."""
    # The same path reached through several bases (the company's host or api.pipedrive.com) is one path.
    parsed = list(dict.fromkeys(api for api in map(parse_url, call.urls) if api is not None))
    if not parsed:
        return None
    outcomes = [(api, *_resolve_one(catalogue, call.method, api)) for api in parsed]
    if len(outcomes) == 1:
        api, status, endpoints = outcomes[0]
        return ResolvedCall(call, status, api.version, api.path, endpoints)
    # Chosen at run time among several paths: one answer only when they all hit the same endpoints.
    if all(status == "known" for _, status, _ in outcomes) and len({e for _, _, e in outcomes}) == 1:
        api, status, endpoints = outcomes[0]
        return ResolvedCall(call, status, api.version, api.path, endpoints)
    # Candidates that all need the same scopes (POST /deals on v1 or v2, when only a version default is
    # unclear) are judged as one call: whichever is sent, the same grant lets it through.
    if all(status == "known" for _, status, _ in outcomes) and len({_scopes(e) for _, _, e in outcomes}) == 1:
        endpoints = tuple(dict.fromkeys(e for _, _, found in outcomes for e in found))
        versions = " or ".join(dict.fromkeys(api.version for api, _, _ in outcomes))
        return ResolvedCall(call, "known", versions, outcomes[0][0].path, endpoints)
    candidates: dict[Endpoint, None] = {}
    for _, _, endpoints in outcomes:
        candidates.update(dict.fromkeys(endpoints))
    versions = {api.version for api, _, _ in outcomes}
    version = versions.pop() if len(versions) == 1 else None
    return ResolvedCall(call, "unresolved", version, None, tuple(candidates))


def _scopes(endpoints: tuple[Endpoint, ...]) -> frozenset[str]:
    return frozenset(scope for endpoint in endpoints for scope in endpoint.scopes_any_of)


def is_fixed(catalogue: Catalogue, method: str | None, url: str) -> bool:
    """Whether a URL with holes already names one known endpoint (its holes only fill placeholders)."""
    api = parse_url(url)
    return api is not None and _resolve_one(catalogue, method, api)[0] == "known"
