"""The annotated corpus: every ``# PDSnnn`` marker is found, and nothing else (tests/corpus/)."""
import ast
import json
import re
from pathlib import Path

import pytest
from helpers import expected_markers, flake8, pdscopes

from flake8_pdscopes.engine import Settings, analyse

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p for p in CORPUS.glob("*.py"))


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_engine_finds_exactly_the_marked_codes(path):
    source = path.read_text(encoding="utf-8")
    result = analyse(ast.parse(source), source, str(path), Settings())
    assert {(f.line, f.code) for f in result.findings} == expected_markers(path)


def test_corpus_through_real_flake8():
    # --isolated: the repository's .flake8 excludes the corpus from the self-lint
    process = flake8("--isolated", "--select", "PDS", "--format", "%(path)s:%(row)d:%(code)s", ".", cwd=CORPUS)
    found = set()
    for line in process.stdout.splitlines():
        path, row, code = line.rsplit(":", 2)
        found.add((Path(path).name, int(row), code))
    expected = {(p.name, row, code) for p in FILES for row, code in expected_markers(p)}
    assert process.stderr == ""
    assert found == expected


def test_corpus_covers_every_finding_code():
    codes = {code for p in FILES for _, code in expected_markers(p)}
    assert codes >= {"PDS100", "PDS101", "PDS102", "PDS103"}
    assert all(re.fullmatch(r"PDS1\d\d", code) for code in codes)


def test_corpus_through_pdscopes_scan():
    process = pdscopes("scan", "--format", "json", ".", cwd=CORPUS)
    calls = json.loads(process.stdout)["calls"]
    lines_with_calls = {(Path(c["file"]).name, c["line"]) for c in calls}
    marked = {(p.name, row) for p in FILES for row, _ in expected_markers(p)}
    assert marked <= lines_with_calls
    assert [c for c in calls if Path(c["file"]).name == "decoys.py"] == []
    unresolved = [c for c in calls if c["file"] == "wrappers.py" and c["status"] == "unresolved"]
    assert [(c["line"], c["candidates"]) for c in unresolved] == [
        (147, ["GET /deals (v1)", "GET /notes (v1)"]),  # a dict looked up with a key known only at run time
    ]
    # A loop over a literal collection sends every value: one call each, where each value is written.
    loop = [(c["line"], c["col"], c["endpoint"]) for c in calls if c["file"] == "wrappers.py" and c["line"] == 49]
    assert loop == [(49, 26, "/deals"), (49, 35, "/persons")]
    # A wrapper that picks the requests function by its caller's verb sends that verb alone.
    dispatched = [(c["line"], c["method"]) for c in calls if c["file"] == "wrappers.py" and 188 <= c["line"] <= 190]
    assert dispatched == [(188, "GET"), (189, "GET"), (190, "DELETE")]
    # A loop over the rows of a table sends each row's verb with that row's path, not every verb with each.
    rows = [(c["line"], c["method"], c["endpoint"]) for c in calls if c["file"] == "wrappers.py" and c["line"] >= 231]
    assert rows == [(231, "GET", "/deals"), (231, "DELETE", "/persons/{id}"), (236, "GET", "/deals"),
                    (237, "POST", "/activities")]  # fmt: skip
