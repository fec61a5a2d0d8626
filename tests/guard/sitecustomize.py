"""Loaded into the processes under test (via PYTHONPATH): records and refuses any network connection and
any import of the analysed project's modules, so a test can prove the tool does neither."""
import importlib.abc
import os
import socket
import sys

LOG = os.environ["PDSCOPES_GUARD_LOG"]
WATCHED = set(filter(None, os.environ.get("PDSCOPES_GUARD_MODULES", "").split(",")))


def _record(what):
    with open(LOG, "a", encoding="utf-8") as handle:
        handle.write(what + "\n")


def _refuse(self, address, *args, **kwargs):
    _record(f"connect {address!r}")
    raise OSError("network blocked by the test guard")


def _refuse_lookup(host, *args, **kwargs):
    _record(f"resolve {host!r}")
    raise socket.gaierror("name lookups blocked by the test guard")


socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = lambda address, *a, **k: _refuse(None, address)
socket.getaddrinfo = _refuse_lookup


class _ImportGuard(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in WATCHED:
            _record(f"import {name}")
        return None


sys.meta_path.insert(0, _ImportGuard())
