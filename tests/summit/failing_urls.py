"""A URL configuration for monitoring tests: the site's own, plus one view that fails as a bug would."""

from django.urls import path

from summit.urls import handler500, urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [*urlpatterns, path("broken/", broken)]
__all__ = ["handler500", "urlpatterns"]
