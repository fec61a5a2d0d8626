"""The pytest plugin (entry point ``pytest11``): inert unless ``--pdscopes-record FILE`` or ``PDSCOPES_RECORD``
asks for a record of the Pipedrive requests the tests send (see ``recording``). Off, it patches nothing and
imports nothing more."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

RECORD_ENV = "PDSCOPES_RECORD"


def pytest_addoption(parser: Any) -> None:
    parser.getgroup("pdscopes").addoption(
        "--pdscopes-record",
        metavar="FILE",
        default=None,
        help=f"record the Pipedrive API requests the tests send into FILE (also: {RECORD_ENV}=FILE), "
        "for pdscopes check --observed",
    )


def pytest_configure(config: Any) -> None:
    target = config.getoption("pdscopes_record") or os.environ.get(RECORD_ENV)
    if not target:
        return
    from .recording import Recorder

    recorder = Recorder(config, Path(config.invocation_params.dir, target))
    recorder.install()
    config.pluginmanager.register(recorder, "pdscopes-recorder")
