from django.contrib import admin

from hubs.models import Follow, SearchEntry


class ReadOnly(admin.ModelAdmin):
    """Rows the site writes itself: organisers look, and may delete (a follow, on a person's request)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SearchEntry)
class SearchEntryAdmin(ReadOnly):
    """What search finds, to see why something is (not) found; `manage.py search_index` rebuilds it."""

    list_display = ["key", "kind", "title", "city", "topic", "visible_from", "changed_at"]
    list_filter = ["kind", "topic"]
    search_fields = ["key", "plain"]
    list_select_related = ["city", "topic"]
    exclude = ["vector"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Follow)
class FollowAdmin(ReadOnly):
    list_display = ["user", "key", "created_at"]
    search_fields = ["user__email", "key"]
    list_select_related = ["user"]
