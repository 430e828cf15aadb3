from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("de-nghi.xlsx", views.proposals_year_xlsx, name="proposals_year_xlsx"),
    path("khoi/<int:pk>.xlsx", views.bloc_xlsx, name="bloc_xlsx"),
]
