import pytest


@pytest.fixture
def register_org(org):
    """The test organisation with municipality numbers, as register files refer to chapters."""
    org.lag_a.kommunenummer, org.lag_a.kommune = "3301", "Drammen"
    org.lag_a.save()
    org.lag_b.kommunenummer, org.lag_b.kommune = "3324", "Gol"
    org.lag_b.save()
    return org
