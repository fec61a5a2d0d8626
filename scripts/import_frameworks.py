"""Compile rules/frameworks.yaml (the reviewed contracts of ETL frameworks: stream classes and declarative
configs) into rules/frameworks.json.

    python scripts/import_frameworks.py

The linter loads the JSON (no YAML parser at run time); tests/test_frameworks.py proves the two agree.
"""
from __future__ import annotations

import json
from pathlib import Path

import yaml

RULES = Path(__file__).resolve().parent.parent / "rules"


STREAM_KEYS = ("package", "version", "bases", "url", "join", "method", "default")
CONFIG_KEYS = (
    "package", "version", "functions", "argument", "base", "resources", "name", "endpoint", "path", "method",
    "defaults", "default",
)  # fmt: skip


def compile_frameworks(text: str) -> dict:
    document = yaml.safe_load(text)
    return {
        "frameworks": [{key: entry[key] for key in STREAM_KEYS} for entry in document["frameworks"]],
        "configs": [{key: entry[key] for key in CONFIG_KEYS} for entry in document["configs"]],
    }


def main() -> None:
    compiled = compile_frameworks((RULES / "frameworks.yaml").read_text(encoding="utf-8"))
    (RULES / "frameworks.json").write_text(json.dumps(compiled, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
