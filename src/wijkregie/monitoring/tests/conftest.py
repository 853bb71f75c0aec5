import pytest

from wijkregie.core.testclock import clock_at


@pytest.fixture(autouse=True)
def _today():
    """The store's tests look back on 2025 from February 2026: every month of 2025 is past."""
    with clock_at("2026-02-10"):
        yield


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.WIJKREGIE_REQUIRE_2FA = False
