from django.urls import path

from . import scoring_views, views

app_name = "pledges"

urlpatterns = [
    path("<int:pk>/", views.pledge_detail, name="detail"),
    path("<int:pk>/tieu-chi/", views.pledge_criteria, name="criteria"),
    path("<int:pk>/chu-ky/", views.pledge_signatures, name="signatures"),
    path("<int:pk>/cham-diem/", views.pledge_scores, name="scores"),
    path("<int:pk>/bang-diem.xlsx", views.pledge_scores_xlsx, name="scores_xlsx"),
    path("<int:pk>/xep-loai/", views.pledge_bands, name="bands"),
    path("<int:pk>/tu-cham/", scoring_views.self_score, name="self_score"),
    path("<int:pk>/tong-hop-tu-cham/", scoring_views.scoring_summary, name="scoring"),
    path("<int:pk>/tong-hop-tu-cham/<int:agency_pk>/", scoring_views.scoring_review, name="scoring_review"),
    path("<int:pk>/tong-hop-tu-cham.xlsx", scoring_views.scoring_xlsx, name="scoring_xlsx"),
    path("bang-chung/<int:pk>/", scoring_views.evidence, name="evidence"),
    path("khoi/<int:bloc_pk>/tao-moi/", views.pledge_create, name="create"),
    path("khoi/<int:bloc_pk>/sao-chep/", views.pledge_copy, name="copy"),
]
