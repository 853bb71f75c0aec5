"""Error reports (the debug page, mailed reports) never show what people typed: every form field may hold
a BSN, a name or a story, so all POST values are masked, not only passwords."""

from typing import Any

from django.views.debug import SafeExceptionReporterFilter


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request: Any) -> Any:
        if request is None:
            return {}
        masked = request.POST.copy()
        for key in masked:
            masked[key] = self.cleansed_substitute
        return masked

    def is_active(self, request: Any) -> bool:
        return True  # also with DEBUG=True (the demo)
