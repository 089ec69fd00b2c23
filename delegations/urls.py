from django.urls import path

from delegations import views, views_desk, views_meetings

app_name = "delegations"

urlpatterns = [
    path("me/delegation/", views.delegation, name="delegation"),
    path("me/delegation/people/new/", views.member_edit, name="member_new"),
    path("me/delegation/people/<int:pk>/", views.member_edit, name="member_edit"),
    path("me/delegation/people/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("me/delegation/people/<int:pk>/letters/", views.letter_request, name="letter_request"),
    path("me/delegation/letters/<token:reference>.pdf", views.letter_pdf, name="letter_pdf"),
    path("me/delegation/people/<int:pk>/certificate/", views.certificate_request, name="certificate_request"),
    path("me/delegation/certificates/<token:reference>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("delegates/", views.directory, name="directory"),
    path("delegates/desk/", views_desk.desk, name="desk"),
    path("delegates/desk/list.json", views_desk.desk_list, name="desk_list"),
    path("delegates/desk/check-ins/", views_desk.desk_check_ins, name="desk_check_ins"),
    path("me/agenda/", views.agenda, name="agenda"),
    path("me/agenda/items/<int:pk>/", views.agenda_follow, name="agenda_follow"),
    path("me/agenda/feed/", views.agenda_feed_replace, name="agenda_feed_replace"),
    path("me/agenda/<token:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("me/meetings/", views_meetings.meetings, name="meetings"),
    path("me/meetings/new/", views_meetings.meeting_new, name="meeting_new"),
    path("me/meetings/<int:pk>/answer/", views_meetings.meeting_answer, name="meeting_answer"),
    path("me/meetings/<int:pk>/cancel/", views_meetings.meeting_cancel, name="meeting_cancel"),
]
