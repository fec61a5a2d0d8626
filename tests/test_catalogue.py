"""Matching a URL to the catalogue: recognising the path, and "did you mean" for one that matches nothing."""
import pytest

from flake8_pdscopes.catalogue import load
from flake8_pdscopes.urls import parse_url


@pytest.mark.parametrize(
    ("method", "version", "path", "meant"),
    [
        ("PUT", "v2", "/deals/{}", "PATCH /deals/{id}"),  # v2 updates are PATCH
        ("PATCH", "v1", "/users/{}", "PUT /users/{id}"),  # v1 updates are PUT
        ("POST", "v1", "/persons/find", "GET /persons/find"),  # the only method of that path
        ("GET", "v1", "/dealz", "GET /deals"),  # no such path: the closest one with the same method
    ],
)
def test_nearest_prefers_the_same_path_with_the_closest_method(method, version, path, meant):
    endpoint = load().nearest(method, version, path)
    assert f"{endpoint.method} {endpoint.template}" == meant


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
