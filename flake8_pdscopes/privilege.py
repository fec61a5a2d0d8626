"""Least privilege over a whole project: the fewest scopes that grant every call, and what a manifest has
that it does not need (unused scopes, scopes broader than needed)."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Callable, Iterable

Rank = Callable[[str], "tuple[int, str]"]
FULL, READ = ":full", ":read"


@dataclass(frozen=True)
class Need:
    """One call's requirement: any one of ``scopes`` grants it."""

    scopes: frozenset[str]
    label: str  # how the call is named in comments: "GET /deals (v1) at app.py:7"


def least_privilege(needs: Iterable[frozenset[str]], rank: Rank) -> tuple[str, ...]:
    """The exact minimum hitting set: fewest scopes; ties to the lower sum of ranks, then alphabetical.

    Searched size by size over the scopes that appear in some need: the universe is small (Pipedrive has
    fewer than 30 scopes) and distinct needs fewer still, so the search is exact and fast.
    """
    distinct = {need for need in needs if need and "base" not in need}
    # A need that contains another is granted whenever the smaller one is: keep the minimal ones.
    minimal = [need for need in distinct if not any(other < need for other in distinct)]
    if not minimal:
        return ()
    universe = sorted(set().union(*minimal), key=rank)
    for size in range(1, len(minimal) + 1):
        best: tuple[tuple[int, tuple[str, ...]], tuple[str, ...]] | None = None
        for chosen in combinations(universe, size):
            picked = set(chosen)
            if all(not picked.isdisjoint(need) for need in minimal):
                names = tuple(sorted(chosen, key=rank))
                key = (sum(rank(name)[0] for name in chosen), tuple(sorted(chosen)))
                if best is None or key < best[0]:
                    best = (key, names)
        if best is not None:
            return best[1]
    raise AssertionError("every need is hit by one scope of each, so a solution of size len(minimal) exists")


def who_needs(solution: tuple[str, ...], needs: list[Need]) -> dict[str, list[str]]:
    """For each chosen scope, the calls it is there for (a call granted by several counts for the first)."""
    reasons: dict[str, list[str]] = {scope: [] for scope in solution}
    for need in needs:
        for scope in solution:
            if scope in need.scopes:
                if need.label not in reasons[scope]:
                    reasons[scope].append(need.label)
                break
    return reasons


def unused(declared: Iterable[str], needs: list[Need]) -> list[str]:
    """Declared scopes that grant none of the calls found."""
    used = set().union(*(need.scopes for need in needs)) if needs else set()
    return [scope for scope in declared if scope != "base" and scope not in used]


def broader_than_needed(declared: Iterable[str], needs: list[Need]) -> list[tuple[str, str]]:
    """``(X:full, X:read)`` where every call X:full grants is also granted by X:read (every such call is a read)."""
    found = []
    declared = list(declared)
    for scope in declared:
        if not scope.endswith(FULL):
            continue
        narrower = scope[: -len(FULL)] + READ
        granted = [need for need in needs if scope in need.scopes]
        if granted and all(narrower in need.scopes for need in granted):
            found.append((scope, narrower))
    return found
