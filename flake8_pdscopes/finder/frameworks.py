"""ETL frameworks that send requests from what a stream class only declares (rules/frameworks.json).

A singer-sdk ``RESTStream`` subclass says ``url_base`` and ``path``; the framework joins them and sends the
request. The contract of each framework is data read from its source, not code here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Framework:
    package: str
    url: tuple[str, ...]  # the attributes joined into the URL, in order
    join: str  # "concat" or "urljoin"
    method: tuple[str, ...]  # the attributes that may name the verb
    default: str  # the verb when none does


@lru_cache(maxsize=1)
def _by_base() -> dict[str, Framework]:
    data = json.loads(resources.files("flake8_pdscopes.rules").joinpath("frameworks.json").read_text("utf-8"))
    found: dict[str, Framework] = {}
    for entry in data["frameworks"]:
        framework = Framework(
            entry["package"], tuple(entry["url"]), entry["join"], tuple(entry["method"]), entry["default"]
        )
        found.update(dict.fromkeys(entry["bases"], framework))
    return found


def framework_of(base: str) -> Framework | None:
    """The framework whose stream class a qualified base-class name is."""
    return _by_base().get(base)
