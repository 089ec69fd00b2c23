from django.urls import path

from opinions import views

app_name = "opinions"

urlpatterns = [
    path("exhibition/topics/<slug:slug>/statements/", views.statements, name="statements"),
    path("exhibition/cities/<slug:city>/topics/<slug:slug>/statements/", views.statements, name="showing_statements"),
    path("exhibition/topics/<slug:slug>/statements/propose/", views.propose, name="propose"),
    path("exhibition/cities/<slug:city>/topics/<slug:slug>/statements/propose/", views.propose, name="showing_propose"),
    path("exhibition/cities/<slug:city>/topics/<slug:slug>/statements/paper/", views.paper, name="paper"),
    path("exhibition/opinions/", views.opinions, name="opinions"),
]
