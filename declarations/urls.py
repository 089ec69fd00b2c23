from django.urls import path

from declarations import views

app_name = "declarations"

urlpatterns = [
    path("declarations/", views.declaration_list, name="list"),
    path("declarations/<slug:slug>/", views.declaration_detail, name="detail"),
    path("declarations/<slug:slug>/sign/", views.declaration_sign, name="sign"),
    path("declarations/<slug:slug>/signatures/<slug:city>/withdraw/", views.signature_withdraw, name="withdraw"),
]
