from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve as serve_media

from delegations import views as delegation_views
from hubs import views as hubs
from hubs import views_search as hubs_search
from summit import views

# The admin signs in through allauth, so two-factor authentication applies there too.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Living Together Summit"
admin.site.site_title = "Living Together Summit"
# Without the side menu the change lists (review links, progress) fit a 1280 px screen; Home lists every model.
admin.site.enable_nav_sidebar = False

urlpatterns = [
    # Tried first: votes arrive fastest (a venue's kiosks and phones), and the resolver tries the patterns in order,
    # every one of an include. Each app's patterns start with their own words, so the order decides nothing else.
    path("", include("opinions.urls")),
    path("", hubs.home, name="home"),
    path("programme/", views.programme, name="programme"),
    path("programme.ics", views.programme_ics, name="programme_ics"),
    path("programme/<int:pk>/", hubs.programme_item, name="programme_item"),
    path("press/", hubs.press, name="press"),
    path("topics/<slug:slug>/", hubs.topic_detail, name="topic_detail"),
    path("cities/<slug:slug>/", hubs.city_detail, name="city_detail"),
    path("me/", hubs.me, name="me"),
    path("search/", hubs_search.search, name="search"),
    path("me/following/", hubs_search.following_page, name="following"),
    path("following/off/<token:token>/", hubs_search.following_off, name="following_off"),
    path("emails/off/<token:token>/", views.emails_off, name="emails_off"),
    path("", include("workshops.urls")),
    path("", include("declarations.urls")),
    path("", include("exhibition.urls")),
    path("", include("discussion.urls")),
    path("", include("events.urls")),
    path("", include("rooms.urls")),
    path("", include("delegations.urls")),
    # Outside the delegations' namespace: printed on every letter and certificate, to confirm them (fixed).
    path("letters/verify/<token:reference>/", delegation_views.letter_verify, name="letter_verify"),
    path("certificates/verify/<token:reference>/", delegation_views.certificate_verify, name="certificate_verify"),
    path("invitations/<token:key>/", views.invitation_accept_view, name="invitation_accept"),
    path("healthz", views.healthz, name="healthz"),
    path("topics.css", views.topic_styles, name="topic_styles"),
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/data/", hubs.my_data, name="my_data"),
    path("accounts/data/delete/", views.account_delete, name="account_delete"),
    path("accounts/", include("allauth.urls")),
    # The discussion's models moved from the exhibition app: bookmarks and older emails keep working.
    re_path(
        r"^admin/exhibition/(?P<model>thread|comment|reaction|flag)/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/discussion/%(model)s/%(rest)s", permanent=True, query_string=True),
    ),
    path("admin/", admin.site.urls),
]

if settings.DEBUG and settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    # The development server serves uploads from the disk, never the private ones (summit/storage.py).
    urlpatterns.append(
        re_path(r"^media/(?P<path>(?!private/).*)$", serve_media, {"document_root": settings.MEDIA_ROOT}),
    )

handler500 = "summit.views.server_error"
