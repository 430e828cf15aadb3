from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("don-vi/<int:pk>/", views.agency_detail, name="detail"),
    path("lich-su/<slug:kind>/<int:pk>/", views.history, name="history"),
]
