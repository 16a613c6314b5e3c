from pathlib import Path

import pytest

SAMPLE = Path("/work/shared/data/teilnahmeliste-einfuehrungsworkshop.csv")
HERE_SAMPLE = Path(__file__).parent / "data" / "teilnahmeliste-einfuehrungsworkshop.csv"


@pytest.fixture
def sample_bytes():
    """The participation list of an introductory workshop (copy of the shared sample file)."""
    return HERE_SAMPLE.read_bytes()
