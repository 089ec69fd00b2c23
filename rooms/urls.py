from django.urls import path

from rooms import views

app_name = "rooms"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/<token:code>/", views.join_code, name="join_code"),
    path("rooms/<token:code>/", views.phone, name="phone"),
    path("rooms/<token:code>/screen/", views.screen, name="screen"),
    path("rooms/<token:code>/console/", views.console, name="console"),
    path("rooms/<token:code>/polls/<int:pk>/<slug:action>/", views.poll_act, name="poll_act"),
    path("rooms/<token:code>/answers/<int:pk>/", views.answer_review, name="answer_review"),
]
