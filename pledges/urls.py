from django.urls import path

from . import views

app_name = "pledges"

urlpatterns = [
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/tieu-chi/", views.pledge_criteria, name="criteria"),
    path("<int:pk>/chu-ky/", views.pledge_signatures, name="signatures"),
    path("<int:pk>/cham-diem/", views.pledge_scores, name="scores"),
    path("<int:pk>/bang-diem.xlsx", views.pledge_scores_xlsx, name="scores_xlsx"),
    path("khoi/<int:bloc_pk>/tao-moi/", views.pledge_create, name="create"),
    path("khoi/<int:bloc_pk>/sao-chep/", views.pledge_copy, name="copy"),
]
