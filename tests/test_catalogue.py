"""Matching a URL to the catalogue: recognising the path, and "did you mean" for one that matches nothing."""
import pytest

from flake8_pdscopes.catalogue import load
from flake8_pdscopes.policy import likely_meant
from flake8_pdscopes.urls import parse_url


@pytest.mark.parametrize(
    ("method", "version", "path", "meant"),
    [
        ("PUT", "v2", "/deals/{}", "PATCH /deals/{id} (v2)"),  # v2 updates are PATCH
        ("PATCH", "v1", "/users/{}", "PUT /users/{id} (v1)"),  # v1 updates are PUT
        # A write naming a record is an update, not a DELETE; the v1 update's v2 replacement follows it.
        ("POST", "v1", "/deals/{}", "PUT /deals/{id} (v1) or PATCH /api/v2/deals/{id}"),
        ("POST", "v1", "/persons/find", "GET /persons/find (v1)"),  # the only verb of that path
        ("DELETE", "v1", "/deals/{}/merge", "PUT /deals/{id}/merge (v1)"),
        ("GET", "v1", "/dealz", "GET /deals (v1) or GET /api/v2/deals"),  # no such path: the closest one
        ("GET", "v1", "/nothing/like/this/at/all", ""),
    ],
)
def test_did_you_mean_offers_the_same_path_with_the_verbs_it_has_first(method, version, path, meant):
    assert likely_meant(load(), method, version, path) == meant


@pytest.mark.parametrize(
    ("url", "parsed"),
    [
        ("https://api.pipedrive.com/v1/deals/\ue000", "/deals/\ue000 (v1)"),
        ("https://api.pipedrive.com/v1\ue000", "/\ue000 (v1)"),  # BASE + ENDPOINTS[kind]: the path is unknown
        ("https://acme.pipedrive.com/api/v2\ue000/x", "/\ue000/x (v2)"),
        ("https://acme.pipedrive.com/deal/7", "None"),  # a link to the web app
    ],
)
def test_parse_url_keeps_a_hole_glued_to_the_version_out_of_the_path(url, parsed):
    assert str(parse_url(url)) == parsed
