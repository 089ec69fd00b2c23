from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("programme/<int:pk>/sign-up/", views.sign_up, name="sign_up"),
    path("programme/<int:pk>/check-in/", views.check_in, name="check_in"),
    path("programme/registrations/<str:token>/", views.registration, name="registration"),
]
