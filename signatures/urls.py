"""The board's page of digital signatures, under ``/chu-ky-so/`` (namespace "signatures")."""

from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("goc-tin-cay/<int:pk>/xoa/", views.anchor_remove, name="anchor_remove"),
    path("chu-ky-to-chuc/", views.signer, name="signer"),
    path("chu-ky-to-chuc/ngung/", views.signer_disable, name="signer_disable"),
    path("chu-ky-to-chuc/anh/<slug:kind>/", views.signer_image, name="signer_image"),
]
