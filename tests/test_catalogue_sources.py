"""rules/ says what its sources say: the scope text (kept in rules/sources/) and the spec tables."""
import json
import re

import pytest
import yaml
from catalogue_sources import parse_scope_text
from conftest import ROOT
from import_catalogue import compile_catalogue

from flake8_pdscopes import catalogue

RULES = ROOT / "rules"


def rules_yaml(name):
    return yaml.safe_load((RULES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed():
    return parse_scope_text((RULES / "sources" / "pipedrive-oauth-scopes.txt").read_text(encoding="utf-8"))


def test_scope_text_has_22_scopes_and_235_entries(seed):
    assert len(seed.scopes) == 22
    assert len({entry for scope in seed.scopes.values() for entry in scope.endpoints}) == 235


def test_scopes_yaml_equals_the_text_except_named_corrections(seed):
    document = rules_yaml("scopes.yaml")
    corrections = {c["as_written"]: c["corrected"] for c in document["entry_corrections"]}
    assert corrections == {"POST /deals/{id}participants": "POST /deals/{id}/participants"}
    assert list(document["scopes"]) == list(seed.scopes)
    for name, scope in seed.scopes.items():
        written = document["scopes"][name]
        assert (written["title"], written["description"]) == (scope.title, scope.description)
        assert written["endpoints"] == [corrections.get(entry, entry) for entry in scope.endpoints]


def test_every_punctuation_defect_is_listed_by_name(seed):
    listed = [(c["scope"], c["entry"], c["defect"]) for c in rules_yaml("scopes.yaml")["punctuation_corrections"]]
    assert listed == seed.defects
    assert ("products:read", "GET /products/{id}/permittedUsers", "trailing comma") in listed


def test_compiled_catalogue_is_up_to_date():
    shipped = json.loads((RULES / "catalogue.json").read_text(encoding="utf-8"))
    assert shipped == compile_catalogue(RULES)


def shape(template):
    return re.sub(r"\{[^}]*\}", "{}", template)


def concrete(template):
    """A path that a real call would send for a template: every placeholder filled with a value."""
    return re.sub(r"\{[^}]*\}", "42", template)


def documented_entries():
    for name, scope in rules_yaml("scopes.yaml")["scopes"].items():
        for entry in scope["endpoints"]:
            method, path = entry.split(" ", 1)
            yield "v1", method, path, [name]


def spec_entries():
    for version in ("v1", "v2"):
        for row in rules_yaml(f"endpoints-{version}.yaml")["endpoints"]:
            yield version, row["method"], row["path"], row["scopes"]


@pytest.mark.parametrize("source", [documented_entries, spec_entries], ids=["scope-text", "specs"])
def test_every_entry_resolves_to_itself_with_its_scopes(source):
    cat = catalogue.load()
    entries = list(source())
    assert len(entries) >= 235
    for version, method, path, scopes in entries:
        endpoint = cat.match(method, version, concrete(path))
        assert endpoint is not None, (version, method, path)
        assert shape(endpoint.template) == shape(path), (version, method, path)
        assert set(scopes) <= set(endpoint.scopes_any_of), (version, method, path)
