from django.urls import path

from delegations import views

app_name = "delegations"

urlpatterns = [
    path("me/delegation/", views.delegation, name="delegation"),
    path("me/delegation/people/new/", views.member_edit, name="member_new"),
    path("me/delegation/people/<int:pk>/", views.member_edit, name="member_edit"),
    path("me/delegation/people/<int:pk>/remove/", views.member_remove, name="member_remove"),
]
