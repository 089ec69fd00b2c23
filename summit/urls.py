from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from summit import views

# The admin signs in through allauth, so two-factor authentication applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Living Together Summit"
admin.site.site_title = "Living Together Summit"
# Without the side menu the change lists (review links, progress) fit a 1280 px screen; Home lists every model.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.programme, name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("cities/<slug:slug>/", views.city_detail, name="city_detail"),
    path("me/", views.me, name="me"),
    path("emails/off/<str:token>/", views.emails_off, name="emails_off"),
    path("", include("workshops.urls")),
    path("", include("exhibition.urls")),
    path("invitations/<str:key>/", views.invitation_accept_view, name="invitation_accept"),
    path("healthz", views.healthz, name="healthz"),
    path("topics.css", views.topic_styles, name="topic_styles"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/data/", views.my_data, name="my_data"),
    path("accounts/data/delete/", views.account_delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
