"""The catalogue's "did you mean" for a path that matches no endpoint."""
import pytest

from flake8_pdscopes.catalogue import load


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
