from django.urls import path

from workshops import views

urlpatterns = [
    path("practices/", views.practice_list, name="practice_list"),
    path("practices/<int:pk>/", views.practice_detail, name="practice_detail"),
    path("me/practices/new/", views.practice_create, name="practice_create"),
    path("me/practices/<int:pk>/", views.practice_edit, name="practice_edit"),
    path("me/practices/<int:pk>/submit/", views.practice_submit, name="practice_submit"),
    path("me/practices/<int:pk>/withdraw/", views.practice_withdraw, name="practice_withdraw"),
    path("me/practices/<int:pk>/images/", views.practice_image_add, name="practice_image_add"),
    path(
        "me/practices/<int:pk>/images/<int:image_pk>/remove/",
        views.practice_image_remove,
        name="practice_image_remove",
    ),
]
