"""The discussion's paths. They sit under /exhibition/ because printed posters and feed readers know them so."""

from django.urls import path

from discussion import views

app_name = "discussion"

SHOWING = {"kind": "showing"}

urlpatterns = [
    path("exhibition/threads/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("exhibition/threads/<int:pk>/feed/", views.CommentFeed(), name="thread_feed"),
    path(
        "exhibition/cities/<slug:name>/threads/<int:pk>/comments/",
        views.comment_create,
        SHOWING,
        name="showing_comment_create",
    ),
    path(
        "exhibition/cities/<slug:name>/threads/<int:pk>/feed/", views.CommentFeed(), SHOWING, name="showing_thread_feed"
    ),
    path("exhibition/comments/<int:pk>/react/", views.comment_react, name="comment_react"),
    path("exhibition/comments/<int:pk>/flag/", views.comment_flag, name="comment_flag"),
    path("exhibition/comments/<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("exhibition/comments/<int:pk>/delete/", views.comment_delete, name="comment_delete"),
]
