from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from exhibition import discussion
from exhibition.models import Comment, CommentStatus, Edition, EditionStatus, Exhibit, Flag
from exhibition.tasks import compile_nightly


class ExhibitInline(admin.TabularInline):
    model = Exhibit
    extra = 0
    fields = ["order", "key", "kind", "title", "content_hash", "poster", "done"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions are made by the compile only. "Compile now" queues the same task beat runs every night."""

    change_list_template = "admin/exhibition/edition/change_list.html"
    list_display = [
        "number",
        "status",
        "is_current",
        "progress",
        "started_at",
        "published_at",
        "weasyprint_seconds",
        "error_start",
    ]
    list_filter = ["status", "is_current"]
    inlines = [ExhibitInline]
    readonly_fields = [field.name for field in Edition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return f"{obj.exhibits_done} / {obj.exhibits_total}"

    @admin.display(description=_("error"))
    def error_start(self, obj):
        return obj.error[:120]

    def get_urls(self):
        return [
            path("compile/", self.admin_site.admin_view(self.compile_view), name="exhibition_compile"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        running = Edition.objects.filter(status=EditionStatus.COMPILING).first()
        return super().changelist_view(request, {**(extra_context or {}), "running": running})

    def compile_view(self, request):
        if request.method != "POST" or not self.has_view_permission(request):
            return redirect("admin:exhibition_edition_changelist")
        transaction.on_commit(compile_nightly.delay)
        self.message_user(
            request,
            _("The compile has been queued. This list shows its progress; reload it to follow."),
            messages.SUCCESS,
        )
        return redirect("admin:exhibition_edition_changelist")


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["user", "reason", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: guests' comments wait here, reported ones are hidden here until reviewed."""

    list_display = ["body_start", "author_name", "thread", "status", "is_official", "flag_count", "created_at"]
    list_filter = ["status", "is_official", "thread"]
    search_fields = ["body", "guest_name", "author__email", "author__name"]
    list_select_related = ["thread", "author"]
    fields = ["thread", "parent", "author", "guest_name", "body", "status", "moderation_reason", "is_official",
              "official_label", "flag_count", "reaction_count", "created_at"]  # fmt: skip
    readonly_fields = ["thread", "parent", "author", "guest_name", "body", "is_official", "official_label",
                       "flag_count", "reaction_count", "created_at"]  # fmt: skip
    inlines = [FlagInline]
    actions = ["publish", "hide", "remove", "block_authors"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        """A moderator's edit here (status, reason) goes through the same service as the actions: logged, emailed."""
        discussion.comment_moderate(comment=obj, by=request.user, status=obj.status, reason=obj.moderation_reason)

    @admin.display(description=_("comment"))
    def body_start(self, obj):
        return obj.body[:80]

    @admin.display(description=_("by"))
    def author_name(self, obj):
        return obj.display_name

    def _moderate(self, request, queryset, status, reason, message):
        for comment in queryset:
            discussion.comment_moderate(comment=comment, by=request.user, status=status, reason=reason)
            self.log_change(request, comment, f"{status}: {reason}" if reason else status)
        self.message_user(request, message % {"count": len(queryset)})

    @admin.action(description=_("Publish selected comments"))
    def publish(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.PUBLISHED, "", _("%(count)d comments published."))

    @admin.action(description=_("Hide selected comments"))
    def hide(self, request, queryset):
        reason = _("Hidden by a moderator because it breaks the discussion rules.")
        self._moderate(request, queryset, CommentStatus.HIDDEN, reason, _("%(count)d comments hidden."))

    @admin.action(description=_("Remove selected comments"))
    def remove(self, request, queryset):
        self._moderate(request, queryset, CommentStatus.REMOVED, "", _("%(count)d comments removed."))

    @admin.action(description=_("Hide selected comments and block their authors"))
    def block_authors(self, request, queryset):
        for comment in queryset.select_related("author"):
            discussion.author_block(comment=comment, by=request.user)
            self.log_change(request, comment, "hidden; author blocked")
        self.message_user(request, _("%(count)d comments hidden and their authors blocked.") % {"count": len(queryset)})
