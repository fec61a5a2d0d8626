"""Least privilege is exact: compared with brute force over every subset, on random instances."""
import random
from itertools import combinations

import pytest

from flake8_pdscopes import catalogue
from flake8_pdscopes.privilege import Need, broader_than_needed, least_privilege, unused

RANK = catalogue.load().rank
SCOPES = ["deals:read", "deals:full", "contacts:read", "contacts:full", "admin", "search:read", "leads:read",
          "leads:full", "phone-integration", "users:read"]  # fmt: skip


def brute_force(needs):
    needs = [n for n in needs if n]
    universe = sorted(set().union(*needs)) if needs else []
    for size in range(len(universe) + 1):
        hits = [c for c in combinations(universe, size) if all(set(c) & n for n in needs)]
        if hits:
            best = min(hits, key=lambda c: (sum(RANK(s)[0] for s in c), tuple(sorted(c))))
            return set(best)
    return set()


@pytest.mark.parametrize("seed", range(300))
def test_matches_brute_force(seed):
    rng = random.Random(seed)
    needs = [frozenset(rng.sample(SCOPES, rng.randint(1, 3))) for _ in range(rng.randint(0, 7))]
    assert set(least_privilege(needs, RANK)) == brute_force(needs)


def test_read_before_full_before_admin_and_base_never_listed():
    assert least_privilege([frozenset({"deals:read", "deals:full", "admin"})], RANK) == ("deals:read",)
    assert least_privilege([frozenset({"deals:full", "admin"})], RANK) == ("deals:full",)
    assert least_privilege([frozenset({"base"}), frozenset()], RANK) == ()
    # one scope that covers two calls beats two narrower ones
    needs = [frozenset({"deals:read", "deals:full"}), frozenset({"deals:full"})]
    assert least_privilege(needs, RANK) == ("deals:full",)


def test_unused_and_broader():
    needs = [Need(frozenset({"deals:read", "deals:full"}), "GET /deals")]
    assert unused(["deals:full", "contacts:read", "base"], needs) == ["contacts:read"]
    assert broader_than_needed(["deals:full"], needs) == [("deals:full", "deals:read")]
    needs.append(Need(frozenset({"deals:full"}), "PATCH /deals/{id}"))
    assert broader_than_needed(["deals:full"], needs) == []
