import pytest


@pytest.fixture(autouse=True)
def _fresh_deadline_caches():
    """Calendar and policy caches must not outlive a test's rolled-back data."""
    from ecopetition.deadlines import clocks, workcal

    workcal.invalidate()
    clocks.invalidate_policies()
    yield
    workcal.invalidate()
    clocks.invalidate_policies()
