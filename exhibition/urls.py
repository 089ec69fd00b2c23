from django.urls import path

from exhibition import views, views_showings

app_name = "exhibition"

urlpatterns = [
    path("exhibition/", views.exhibition_home, name="home"),
    path("exhibition/topics/<slug:slug>/", views.topic_exhibit, name="topic"),
    path("exhibition/workshops/<int:pk>/", views.workshop_exhibit, name="workshop"),
    path("exhibition/editions/", views.edition_list, name="edition_list"),
    path("exhibition/editions/<int:number>/", views.edition_detail, name="edition_detail"),
    path("exhibition/editions/<int:number>/catalogue.pdf", views.catalogue_pdf, name="edition_catalogue"),
    path("exhibition/editions/<int:number>/changes/", views.edition_changes, name="edition_changes"),
    path("exhibition/editions/<int:number>/data.json", views.edition_data, {"fmt": "json"}, name="edition_data_json"),
    path("exhibition/editions/<int:number>/data.zip", views.edition_data, {"fmt": "zip"}, name="edition_data_zip"),
    path("exhibition/editions/<int:number>/posters/<slug:slug>.pdf", views.poster_pdf, name="edition_poster"),
    path("exhibition/feed/", views.EditionFeed(), name="feed"),
    path("exhibition/cities/<slug:city>/", views_showings.showing_detail, name="showing_detail"),
    path("exhibition/cities/<slug:city>/topics/<slug:slug>/", views_showings.showing_topic, name="showing_topic"),
    path("exhibition/cities/<slug:city>/kit.zip", views_showings.showing_kit, name="showing_kit"),
    path("exhibition/cities/<slug:city>/screen/", views_showings.showing_screen, name="showing_screen"),
    path(
        "exhibition/cities/<slug:city>/screen/comments.json",
        views_showings.showing_screen_comments,
        name="showing_screen_comments",
    ),
    path("exhibition/cities/<slug:city>/showing.ics", views_showings.showing_calendar, name="showing_calendar"),
    path("exhibition/cities/<slug:city>/paper/", views_showings.showing_paper, name="showing_paper"),
    path(
        "exhibition/cities/<slug:city>/paper/<int:pk>/photo",
        views_showings.showing_paper_photo,
        name="showing_paper_photo",
    ),
    path("exhibition/moderators/<token:key>/", views_showings.moderator_invitation, name="moderator_invitation"),
    path("me/showing/", views_showings.me_showing, name="me_showing"),
]
