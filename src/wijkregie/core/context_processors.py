from typing import Any

from django.conf import settings
from django.http import HttpRequest


def wijkregie(request: HttpRequest) -> dict[str, Any]:
    return {
        "require_2fa": settings.WIJKREGIE_REQUIRE_2FA,
        "demo_notice": settings.WIJKREGIE_DEMO_NOTICE,
    }
