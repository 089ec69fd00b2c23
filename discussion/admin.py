from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from discussion import hosts, permissions, services
from discussion.models import Block, Comment, CommentStatus, CommentTransition, Flag
from summit.admin import TransitionInline
from summit.permissions import is_organiser


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ["user", "reason", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class CommentTransitionInline(TransitionInline):
    model = CommentTransition
    verbose_name_plural = _("moderation history")


class ScopeFilter(admin.SimpleListFilter):
    """Where a comment was made: the summit's own discussion or one of the scopes (showings) in the queue."""

    title = _("where")
    parameter_name = "scope"

    def lookups(self, request, model_admin):
        scopes = model_admin.get_queryset(request).order_by().values_list("scope", flat=True).distinct()
        return sorted((scope, (hosts.scope_title(scope) or scope) if scope else _("The summit")) for scope in scopes)

    def queryset(self, request, queryset):
        value = self.value()
        return queryset if value is None else queryset.filter(scope=value)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue: guests' comments wait here, reported ones are hidden here until reviewed.

    Organisers see every comment; a scope's moderators (a showing's) see and moderate only their scopes' comments.
    An organiser's block holds everywhere, a showing moderator's at that showing only. Every change goes through
    discussion.services, which checks the status flow and keeps the moderation history shown below each comment.
    """

    list_display = ["body_start", "author_name", "thread", "where", "status", "is_official", "flag_count",
                    "created_at"]  # fmt: skip
    list_filter = ["status", "is_official", ScopeFilter, ("thread", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["body", "guest_name", "author__email", "author__name"]
    list_select_related = ["thread", "author", "official_city"]
    fields = ["thread", "where", "parent", "author", "guest_name", "body", "status", "moderation_reason",
              "is_official", "official_label", "flag_count", "reaction_count", "created_at"]  # fmt: skip
    readonly_fields = ["thread", "where", "parent", "author", "guest_name", "body", "is_official",
                       "official_label", "flag_count", "reaction_count", "created_at"]  # fmt: skip
    inlines = [FlagInline, CommentTransitionInline]
    actions = ["publish", "hide", "remove", "block_authors"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        comments = super().get_queryset(request)
        if is_organiser(request.user):
            return comments
        return comments.filter(scope__in=hosts.scopes_moderated_by(request.user))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or permissions.can_moderate_comment(request.user, obj))

    def changelist_view(self, request, extra_context=None):
        self._titles = {}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        """A moderator's edit here (status, reason) goes through the same service as the actions: logged, emailed."""
        services.comment_moderate(comment=obj, by=request.user, status=obj.status, reason=obj.moderation_reason)

    @admin.display(description=_("comment"))
    def body_start(self, obj):
        return obj.body[:80]

    @admin.display(description=_("by"))
    def author_name(self, obj):
        return obj.display_name

    @admin.display(description=_("where"))
    def where(self, obj):
        """The summit, or the showing's title (looked up once per scope on a list page)."""
        if obj.scope == hosts.SUMMIT:
            return _("The summit")
        titles = getattr(self, "_titles", {})
        if obj.scope not in titles:
            titles[obj.scope] = hosts.scope_title(obj.scope) or obj.scope
        return titles[obj.scope]

    def _moderate(self, request, queryset, status, reason, message):
        for comment in queryset:
            services.comment_moderate(comment=comment, by=request.user, status=status, reason=reason)
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
            services.author_block(comment=comment, by=request.user)
            where = "everywhere" if is_organiser(request.user) else f"at {hosts.scope_title(comment.scope)}"
            self.log_change(request, comment, f"hidden; author blocked {where}")
        self.message_user(request, _("%(count)d comments hidden and their authors blocked.") % {"count": len(queryset)})


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    """Who may not write, and where. Blocks are made from the comment queue; deleting one lets the person write."""

    list_display = ["user", "where", "by", "reason", "created_at"]
    search_fields = ["user__email", "user__name", "scope"]
    list_select_related = ["user", "by"]
    fields = ["user", "scope", "by", "reason", "created_at"]
    readonly_fields = ["user", "scope", "by", "created_at"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("where"))
    def where(self, obj):
        return hosts.scope_title(obj.scope) or _("everywhere")
