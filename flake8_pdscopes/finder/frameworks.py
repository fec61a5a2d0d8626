"""ETL frameworks that send requests from what a project only declares (rules/frameworks.json).

A singer-sdk ``RESTStream`` subclass says ``url_base`` and ``path``; the framework joins them and sends the
request. A dlt ``rest_api`` config says a base URL and resource paths. The contract of each framework is data
read from its source, not code here.
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


@dataclass(frozen=True)
class ConfigContract:
    """How a framework reads a declarative REST config (rules/frameworks.yaml, ``configs``)."""

    package: str
    argument: str  # the config's keyword; also the first positional argument
    base: tuple[str, ...]  # key path to the base URL
    resources: str  # key of the resources list
    name: str  # a resource's name (its path when none is given)
    endpoint: str  # a resource's endpoint: a path, or a dict
    path: str  # the path's key in an endpoint dict
    method: str  # the verb's key in an endpoint dict
    defaults: tuple[str, ...]  # key path to the default verb
    default: str  # the verb when nothing names one


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads(resources.files("flake8_pdscopes.rules").joinpath("frameworks.json").read_text("utf-8"))


@lru_cache(maxsize=1)
def _configs() -> dict[str, ConfigContract]:
    found: dict[str, ConfigContract] = {}
    for entry in _rules()["configs"]:
        contract = ConfigContract(
            entry["package"], entry["argument"], tuple(entry["base"]), entry["resources"], entry["name"],
            entry["endpoint"], entry["path"], entry["method"], tuple(entry["defaults"]), entry["default"],
        )  # fmt: skip
        found.update(dict.fromkeys(entry["functions"], contract))
    return found


def config_contract(function: str) -> ConfigContract | None:
    """The contract of the framework function (a qualified name) that turns a config dict into requests."""
    return _configs().get(function)


@lru_cache(maxsize=1)
def _by_base() -> dict[str, Framework]:
    found: dict[str, Framework] = {}
    for entry in _rules()["frameworks"]:
        framework = Framework(
            entry["package"], tuple(entry["url"]), entry["join"], tuple(entry["method"]), entry["default"]
        )
        found.update(dict.fromkeys(entry["bases"], framework))
    return found


def framework_of(base: str) -> Framework | None:
    """The framework whose stream class a qualified base-class name is."""
    return _by_base().get(base)
