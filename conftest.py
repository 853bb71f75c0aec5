# One Chromium for the whole test session, shared by every browser test (see wijkregie.core.testing).
pytest_plugins = ["wijkregie.core.testing"]
