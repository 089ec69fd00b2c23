from django.urls import path

from delegations import views

app_name = "delegations"

urlpatterns = [
    path("me/delegation/", views.delegation, name="delegation"),
    path("me/delegation/people/new/", views.member_edit, name="member_new"),
    path("me/delegation/people/<int:pk>/", views.member_edit, name="member_edit"),
    path("me/delegation/people/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("me/delegation/people/<int:pk>/letters/", views.letter_request, name="letter_request"),
    path("me/delegation/letters/<str:reference>.pdf", views.letter_pdf, name="letter_pdf"),
    path("delegates/", views.directory, name="directory"),
    path("me/agenda/", views.agenda, name="agenda"),
    path("me/agenda/items/<int:pk>/", views.agenda_follow, name="agenda_follow"),
    path("me/agenda/feed/", views.agenda_feed_replace, name="agenda_feed_replace"),
    path("me/agenda/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
]
