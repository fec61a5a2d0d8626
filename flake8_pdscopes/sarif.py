"""SARIF 2.1.0 output (GitHub code scanning): one rule per PDS code, one result per finding."""
from __future__ import annotations

from importlib.metadata import version
from pathlib import PurePath

from .codes import CODES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif_log(findings: list[tuple[str, int, int, str, str]]) -> dict:
    """``findings``: (file, line, 1-based column, code, message without the code)."""
    reported = {code for _, _, _, code, _ in findings}
    used = sorted(reported | {c for c, info in CODES.items() if info.scope != "inventory"})
    rules = [
        {
            "id": code,
            "name": "".join(word.capitalize() for word in CODES[code].title.split()[:6]),
            "shortDescription": {"text": CODES[code].title},
            "fullDescription": {"text": CODES[code].help},
            "help": {"text": CODES[code].help},
            "defaultConfiguration": {"level": CODES[code].level},
        }
        for code in used
    ]
    index = {code: position for position, code in enumerate(used)}
    results = [
        {
            "ruleId": code,
            "ruleIndex": index[code],
            "level": CODES[code].level,
            "message": {"text": f"{code} {message}"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": PurePath(file).as_posix(), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": line, "startColumn": column},
                    }
                }
            ],
        }
        for file, line, column, code, message in findings
    ]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "flake8-pdscopes",
                        "version": version("flake8-pdscopes"),
                        "informationUri": "https://pypi.org/project/flake8-pdscopes/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
