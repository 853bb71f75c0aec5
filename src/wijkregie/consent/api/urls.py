from django.urls import path

from . import views

app_name = "consent"

urlpatterns = [
    path("consents/", views.ConsentListView.as_view(), name="consent-list"),
    path(
        "consents/<uuid:consent_uuid>/withdraw/", views.ConsentWithdrawView.as_view(), name="consent-withdraw"
    ),
    path("shares/", views.ShareListView.as_view(), name="share-list"),
    path("shares/<uuid:share_uuid>/end/", views.ShareEndView.as_view(), name="share-end"),
    path("shared-with-us/", views.SharedWithUsView.as_view(), name="shared-list"),
    path("shared-with-us/<uuid:share_uuid>/", views.SharedDetailView.as_view(), name="shared-detail"),
]
