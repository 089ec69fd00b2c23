from django.urls import path

from exhibition import views

urlpatterns = [
    path("exhibition/", views.exhibition_home, name="exhibition_home"),
    path("exhibition/topics/<slug:slug>/", views.topic_exhibit, name="topic_exhibit"),
    path("exhibition/workshops/<int:pk>/", views.workshop_exhibit, name="workshop_exhibit"),
    path("exhibition/editions/", views.edition_list, name="edition_list"),
    path("exhibition/editions/<int:number>/", views.edition_detail, name="edition_detail"),
    path("exhibition/editions/<int:number>/catalogue.pdf", views.catalogue_pdf, name="edition_catalogue"),
    path("exhibition/editions/<int:number>/posters/<slug:slug>.pdf", views.poster_pdf, name="edition_poster"),
    path("exhibition/feed/", views.EditionFeed(), name="exhibition_feed"),
    path("exhibition/threads/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("exhibition/threads/<int:pk>/feed/", views.CommentFeed(), name="thread_feed"),
    path("exhibition/cities/<slug:city>/", views.showing_detail, name="showing_detail"),
    path("exhibition/cities/<slug:city>/topics/<slug:slug>/", views.showing_topic, name="showing_topic"),
    path("exhibition/cities/<slug:city>/kit.zip", views.showing_kit, name="showing_kit"),
    path(
        "exhibition/cities/<slug:city>/threads/<int:pk>/comments/",
        views.comment_create,
        name="showing_comment_create",
    ),
    path("exhibition/cities/<slug:city>/threads/<int:pk>/feed/", views.CommentFeed(), name="showing_thread_feed"),
    path("exhibition/comments/<int:pk>/react/", views.comment_react, name="comment_react"),
    path("exhibition/comments/<int:pk>/flag/", views.comment_flag, name="comment_flag"),
    path("exhibition/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("exhibition/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]
