"""The public verification pages, namespace "verify": /xac-minh/ and /xac-minh/<code>/ (the address each issued
document's QR code opens)."""

from django.urls import path

from .views import verify

app_name = "verify"

urlpatterns = [
    path("", verify.verify_lookup, name="lookup"),
    path("<str:code>/", verify.verify_document, name="document"),
]
