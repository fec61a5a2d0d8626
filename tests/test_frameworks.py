"""The framework contracts: the compiled table says what the reviewed YAML says."""
import json
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parent.parent / "rules"
sys.path.insert(0, str(RULES.parent / "scripts"))

from import_frameworks import compile_frameworks  # noqa: E402

from flake8_pdscopes.finder.frameworks import framework_of  # noqa: E402


def test_compiled_json_equals_the_reviewed_yaml():
    expected = compile_frameworks((RULES / "frameworks.yaml").read_text(encoding="utf-8"))
    assert json.loads((RULES / "frameworks.json").read_text(encoding="utf-8")) == expected


def test_every_public_path_of_a_stream_class_is_known():
    assert framework_of("singer_sdk.RESTStream").package == "singer-sdk"
    assert framework_of("singer_sdk.streams.rest.RESTStream").url == ("url_base", "path")
    assert framework_of("airbyte_cdk.sources.streams.http.HttpStream").join == "urljoin"
    assert framework_of("requests.Session") is None
