from django.urls import path

from events import views, views_room

app_name = "events"

urlpatterns = [
    path("programme/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("programme/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("programme/registrations/<token:token>/", views.registration, name="registration"),
    path("programme/registrations/<token:token>/event.ics", views.registration_calendar, name="registration_ics"),
    path("programme/<int:pk>/ask/", views_room.ask, name="ask"),
    path("programme/<int:pk>/ask/<int:question_pk>/vote/", views_room.question_vote, name="question_vote"),
    path("programme/<int:pk>/questions/", views_room.question_queue, name="questions"),
    path("programme/<int:pk>/screen/", views_room.screen, name="screen"),
    path("press/releases/<int:pk>/", views.press_release, name="press_release"),
    path("press/accreditation/", views.accreditation, name="accreditation"),
]
