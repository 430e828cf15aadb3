import copy
import json
from pathlib import Path

import pytest

# The contract's example lives in shared/spec/examples beside the checkout; a copy is kept here so the
# suite also runs where shared/ is not beside it.
_SHARED = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "quang-ngai-2017.json"
EXAMPLE = _SHARED if _SHARED.exists() else Path(__file__).with_name("data") / "quang-ngai-2017.json"


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example(example_text) -> dict:
    return copy.deepcopy(json.loads(example_text))
