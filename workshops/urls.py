from django.urls import path

from workshops import views, views_capture

app_name = "workshops"

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

# The facilitators' capture screen.
urlpatterns += [
    path("workshops/", views_capture.workshop_list, name="workshop_list"),
    path("workshops/sw.js", views_capture.service_worker, name="workshop_service_worker"),
    path("workshops/<int:pk>/", views_capture.workshop_capture, name="workshop_capture"),
    path("workshops/<int:pk>/outcomes/", views_capture.outcomes, name="workshop_outcomes"),
    path("workshops/<int:pk>/outcomes/<uuid:uuid>/vote/", views_capture.outcome_vote, name="outcome_vote"),
    path("workshops/<int:pk>/outcomes/<uuid:uuid>/hide/", views_capture.outcome_hide, name="outcome_hide"),
    path("workshops/<int:pk>/outcomes/<uuid:uuid>/move/", views_capture.outcome_move, name="outcome_move"),
    path("workshops/<int:pk>/photos/", views_capture.photo_add, name="workshop_photo_add"),
    path("workshops/<int:pk>/summary/", views_capture.summary_save, name="workshop_summary"),
    path("workshops/<int:pk>/status/", views_capture.status_set, name="workshop_status"),
]
