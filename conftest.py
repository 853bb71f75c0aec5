# One Chromium for the whole test session, shared by every browser test (wijkregie.core.testing), and the
# suite's clock: every test runs at a moment it states, not the machine's (wijkregie.core.testclock).
pytest_plugins = ["wijkregie.core.testing", "wijkregie.core.testclock"]
