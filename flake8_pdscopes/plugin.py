"""The flake8 plugin: options read once, then one engine call per file."""
from __future__ import annotations

import ast
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar, Iterator

from flake8.exceptions import ExecutionError

from .codes import DEFAULT_OFF
from .engine import Settings, analyse


class Plugin:
    name = "flake8-pdscopes"
    version = version("flake8-pdscopes")
    settings: ClassVar[Settings] = Settings()

    def __init__(self, tree: ast.Module, filename: str, lines: list[str]) -> None:
        self._tree = tree
        self._filename = filename
        self._lines = lines

    @classmethod
    def add_options(cls, parser: Any) -> None:
        parser.add_option(
            "--pd-manifest",
            parse_from_config=True,
            normalize_paths=True,  # a path in setup.cfg or tox.ini is relative to that file
            help="pdscopes manifest to judge every file by (default: the nearest pdscopes.yaml above the file)",
        )
        parser.add_option(
            "--pd-scopes",
            parse_from_config=True,
            comma_separated_list=True,
            help="OAuth scopes the app requests, instead of a manifest (comma separated)",
        )
        parser.extend_default_ignore(list(DEFAULT_OFF))

    @classmethod
    def parse_options(cls, options: Any) -> None:
        manifest = Path(options.pd_manifest) if options.pd_manifest else None
        if manifest is not None and not manifest.is_file():
            raise ExecutionError(f"--pd-manifest {options.pd_manifest}: no such file")
        scopes = tuple(options.pd_scopes) if options.pd_scopes else None
        cls.settings = Settings(manifest, scopes)

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        result = analyse(self._tree, "".join(self._lines), self._filename, self.settings)
        for finding in result.findings:
            yield finding.line, finding.col, finding.text(), type(self)
