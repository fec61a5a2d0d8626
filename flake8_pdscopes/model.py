"""The values that flow between the pipeline's stages: find -> resolve -> judge -> report."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .catalogue import Endpoint


# The via of a call whose base URL is unknown where it is read (a settings value from a config file) and whose
# path is exactly a catalogue endpoint: kept only where a manifest says the project is a Pipedrive app.
GUESSED_BASE = "guessed-base"


@dataclass(frozen=True)
class ApiCall:
    """A place in a module that sends a request to Pipedrive, as found (never judged)."""

    line: int
    col: int
    method: str | None  # upper-case verb; None when it cannot be known
    urls: tuple[str, ...]  # absolute URLs with HOLEs; several when chosen at run time
    via: str  # literal, fstring, concat, constant, wrapper, constructor, sdk:<package>, framework:<package>,
    # GUESSED_BASE, or observed (recorded by a test run)
    # The file where the endpoint is fixed, when it is not the module being read (a constructor's argument
    # in another module); in the project index, the module that sends it.
    file: str | None = None
    tests: tuple[str, ...] = ()  # an observed call: the tests that sent it


@dataclass(frozen=True)
class ResolvedCall:
    call: ApiCall
    status: str  # known, unknown, unresolved
    version: str | None
    path: str | None  # the normalised path as written (for unknown calls)
    endpoints: tuple[Endpoint, ...]  # known: what it hits (every method's when the method is unknown);
    # unresolved: the candidates visible statically

    @property
    def scopes(self) -> tuple[str, ...]:
        """Scopes that grant the call, least privileged first (the union over its endpoints)."""
        seen: dict[str, None] = {}
        for endpoint in self.endpoints:
            seen.update(dict.fromkeys(endpoint.scopes_any_of))
        return tuple(seen)


@dataclass(frozen=True)
class Finding:
    line: int
    col: int
    code: str
    message: str  # without the code

    def text(self) -> str:
        return f"{self.code} {self.message}"
