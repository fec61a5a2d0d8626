"""The places users run the tool from: pre-commit (real pre-commit try-repo) and editors (a real language server)."""
import json
import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APP = textwrap.dedent(
    """\
    import requests

    requests.patch("https://api.pipedrive.com/api/v2/deals/1")
    """
)


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "app.py").write_text(APP)
    (repo / "pdscopes.yaml").write_text("scopes: [deals:full]\n")
    git("init", "-q", cwd=repo)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "start", cwd=repo)
    git("add", ".", cwd=repo)
    return repo


def try_repo(repo, hook, *args):
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent)) or "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home")}
    return subprocess.run(
        [pre_commit, "try-repo", str(ROOT), hook, *args],
        cwd=repo, capture_output=True, text=True, env=env, timeout=900,
    )  # fmt: skip


def test_pre_commit_hooks(repository):
    passed = try_repo(repository, "pdscopes-flake8", "--all-files")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    # A manifest-only change is checked by the whole-project hook, and fails it.
    (repository / "pdscopes.yaml").write_text("scopes: [deals:read]\n")
    git("add", "pdscopes.yaml", cwd=repository)
    failed = try_repo(repository, "pdscopes-check")
    assert failed.returncode == 1
    assert (
        "app.py:3:1: PDS100 PATCH /deals/{id} (v2) needs deals:full; pdscopes.yaml grants deals:read"
        in failed.stdout
    )
    flake8_hook = try_repo(repository, "pdscopes-flake8", "--all-files")
    assert flake8_hook.returncode == 1 and "PDS100 PATCH /deals/{id} (v2)" in flake8_hook.stdout


class LanguageServer:
    """python-lsp-server over stdio, spoken to in LSP's Content-Length framing."""

    def __init__(self, cwd):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pylsp"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.next_id = 0

    def send(self, method, params, request=True):
        message = {"jsonrpc": "2.0", "method": method, "params": params}
        if request:
            self.next_id += 1
            message["id"] = self.next_id
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("language server closed its output")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def wait_for(self, method, deadline):
        while time.monotonic() < deadline:
            message = self.receive()
            if message.get("method") == method:
                return message
        raise TimeoutError(method)

    def close(self):
        self.process.kill()
        self.process.wait()


def test_language_server_shows_pds100_for_an_unsaved_buffer(tmp_path):
    (tmp_path / "pdscopes.yaml").write_text("scopes: [deals:read]\n")
    uri = (tmp_path / "unsaved.py").as_uri()  # never written to disk: the buffer goes through stdin
    server = LanguageServer(tmp_path)
    try:
        server.send("initialize", {
            "processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {},
            "initializationOptions": {},
        })  # fmt: skip
        server.receive()
        server.send("initialized", {}, request=False)
        server.send("workspace/didChangeConfiguration", {"settings": {"pylsp": {"plugins": {
            "flake8": {"enabled": True}, "pycodestyle": {"enabled": False}, "pyflakes": {"enabled": False},
            "mccabe": {"enabled": False}}}}}, request=False)  # fmt: skip
        server.send("textDocument/didOpen", {
            "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": APP},
        }, request=False)  # fmt: skip
        deadline = time.monotonic() + 120
        while True:
            diagnostics = server.wait_for("textDocument/publishDiagnostics", deadline)["params"]["diagnostics"]
            messages = [d["message"] for d in diagnostics if d.get("source") == "flake8"]
            if messages:
                break
        assert any(
            m.startswith("PDS100 PATCH /deals/{id} (v2) needs deals:full; pdscopes.yaml grants deals:read")
            for m in messages
        ), messages
    finally:
        server.close()
