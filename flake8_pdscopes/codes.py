"""Every code the tool reports, with its meaning: the one table the plugin, the CLI, SARIF and the README share."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Code:
    code: str
    title: str
    help: str
    default_on: bool = True
    level: str = "warning"  # SARIF level
    scope: str = "file"  # file: flake8 and check; project: check only; inventory: scan only; observed: check
    # --observed only


CODES = {
    code.code: code
    for code in (
        Code(
            "PDS000",
            "Pipedrive API call",
            "A call to Pipedrive's API, as pdscopes scan lists it: endpoint, version and the scopes that grant it.",
            level="note",
            scope="inventory",
        ),
        Code(
            "PDS100",
            "Call to an endpoint the declared scopes do not grant",
            "The manifest's scopes do not grant this endpoint, so the call fails with 403 for the app's users. "
            "Add one of the named scopes to pdscopes.yaml, or list the endpoint under ignore:.",
            level="error",
        ),
        Code(
            "PDS101",
            "Pipedrive URL that matches no known endpoint",
            "No endpoint of Pipedrive's API has this path: probably a typo. The message names the nearest one.",
        ),
        Code(
            "PDS102",
            "Deprecated or retired endpoint",
            "Pipedrive deprecated this endpoint, or retired it: a retired endpoint is gone from the newest API "
            "spec and a call to it fails now (most core v1 endpoints since 2026-08-01). Move to the named v2 "
            "replacement.",
        ),
        Code(
            "PDS103",
            "Pipedrive call whose endpoint cannot be determined statically",
            "The path of this Pipedrive call is chosen at run time, so its scopes cannot be checked. "
            "Off by default; select PDS103 to see these calls.",
            default_on=False,
            level="note",
        ),
        Code(
            "PDS104",
            "Call observed at run time but not found statically",
            "A test run recorded this Pipedrive request (pytest --pdscopes-record) where static analysis found no "
            "call of that endpoint: its path is chosen at run time, or the finder cannot follow it. Its scopes "
            "are judged all the same. Reported by pdscopes check --observed only.",
            scope="observed",
        ),
        Code(
            "PDS200",
            "No manifest found",
            "The file calls Pipedrive but no pdscopes.yaml (or .pdscopes.yaml, or [tool.pdscopes]) was found "
            "in its folder or above; the calls cannot be checked until the app declares its scopes.",
        ),
        Code(
            "PDS201",
            "Manifest invalid",
            "The manifest could not be read: a YAML error, an unknown key or an unknown scope name.",
            level="error",
        ),
        Code(
            "PDS300",
            "Declared scope that grants none of the calls found",
            "The manifest asks for a scope that no call of the project needs; users see it at install and "
            "marketplace review may refuse it. Remove it (pdscopes suggest prints the least-privilege manifest).",
            scope="project",
        ),
        Code(
            "PDS301",
            "Declared scope broader than needed",
            "Every call this X:full scope grants is a read that X:read grants too: ask for X:read instead.",
            scope="project",
        ),
    )
}

DEFAULT_OFF = tuple(code for code, info in CODES.items() if not info.default_on and info.scope == "file")
