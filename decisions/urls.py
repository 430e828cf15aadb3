from django.urls import path

from decisions import eligibility_views, names_views, views

app_name = "awards"

urlpatterns = [
    path("de-nghi.xlsx", views.proposals_year_xlsx, name="proposals_year_xlsx"),
    path("khoi/<int:pk>.xlsx", views.bloc_xlsx, name="bloc_xlsx"),
    path("hinh-thuc/", views.award_type_list, name="award_type_list"),
    path("hinh-thuc/them/", views.award_type_create, name="award_type_create"),
    path("hinh-thuc/<int:pk>/sua/", views.award_type_update, name="award_type_update"),
    path("can-cu/", views.legal_basis_list, name="legal_basis_list"),
    path("can-cu/them/", views.legal_basis_create, name="legal_basis_create"),
    path("can-cu/<int:pk>/sua/", views.legal_basis_update, name="legal_basis_update"),
    path("can-cu/<int:pk>/xoa/", views.legal_basis_delete, name="legal_basis_delete"),
    path("ten-co-quan/", names_views.board_names, name="board_names"),
    path("dieu-kien/", eligibility_views.award_policy, name="award_policy"),
    path("chua-xet/", eligibility_views.hold_list, name="hold_list"),
    path("chua-xet/<int:pk>/xoa/", eligibility_views.hold_delete, name="hold_delete"),
    path("ty-le-nu/", eligibility_views.women_shares, name="women_shares"),
    path("quyet-dinh/", views.decision_list, name="decision_list"),
    path("quyet-dinh/them/", views.decision_create, name="decision_create"),
    path("quyet-dinh/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("quyet-dinh/<int:pk>/sua/", views.decision_update, name="decision_update"),
    path(
        "quyet-dinh/<int:pk>/khen-thuong/<int:award_pk>/go/",
        views.decision_award_remove,
        name="decision_award_remove",
    ),
]
