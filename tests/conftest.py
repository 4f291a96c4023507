import pytest

import attrib


@pytest.fixture(scope="session")
def nlp():
    """The rule pipeline, built once per test session."""
    return attrib.load()
