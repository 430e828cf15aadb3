import copy
import json
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "spec" / "examples" / "quang-ngai-2017.json"
if not EXAMPLE.exists():  # the checkout may sit elsewhere; shared/ is beside it
    EXAMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "spec" / "examples" / "quang-ngai-2017.json"


@pytest.fixture(scope="session")
def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture
def example(example_text) -> dict:
    return copy.deepcopy(json.loads(example_text))
