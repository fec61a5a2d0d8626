"""The end-to-end cases run again with sockets blocked and the analysed modules watched: the tool neither
connects anywhere nor imports (so never executes) the code it analyses."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ANALYSED = ["dealsync", "proj", "literals", "strings", "clients", "wrappers", "decoys"]


def guarded(args, cwd, log):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(HERE / "guard"), os.environ.get("PYTHONPATH", "")]),
        "PDSCOPES_GUARD_LOG": str(log),
        "PDSCOPES_GUARD_MODULES": ",".join(ANALYSED),
    }
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def test_flake8_and_pdscopes_neither_connect_nor_import_analysed_code(tmp_path):
    shutil.copytree(HERE.parent / "examples", tmp_path / "examples")
    shutil.copytree(HERE / "corpus", tmp_path / "corpus")
    log = tmp_path / "guard.log"
    runs = [
        (["-m", "flake8", "--select", "PDS", "--jobs", "2", "examples", "corpus"], "PDS100"),
        (["-m", "flake8_pdscopes.cli", "scan", "--format", "json", "examples", "corpus"], '"status": "known"'),
        (["-m", "flake8_pdscopes.cli", "check", "examples", "corpus"], "PDS100"),
        (["-m", "flake8_pdscopes.cli", "suggest", "examples"], "scopes:"),
        (["-m", "flake8_pdscopes.cli", "explain", "GET /deals/{id}"], "granted by"),
    ]
    for args, expected in runs:
        process = guarded(args, tmp_path, log)
        assert process.returncode in (0, 1), process.stderr
        assert expected in process.stdout, args
    # the guard itself works: it sees an import of a watched module and a connection
    probe = guarded(["-c", "import socket\ntry:\n socket.create_connection(('127.0.0.1', 9))\nexcept OSError: pass"],
                    tmp_path, tmp_path / "probe.log")  # fmt: skip
    assert probe.returncode == 0 and "connect" in (tmp_path / "probe.log").read_text()
    assert not log.exists(), log.read_text()
