from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from exhibition import discussion, services
from exhibition.models import Comment, CommentStatus, Edition, EditionStatus, Exhibit, Flag, Showing
from exhibition.permissions import can_moderate_comment
from exhibition.tasks import compile_nightly
from summit.permissions import is_organiser


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
        "weasyprint_time",
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

    @admin.display(description=_("WeasyPrint"), ordering="weasyprint_seconds")
    def weasyprint_time(self, obj):
        return f"{obj.weasyprint_seconds:.1f} s"

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
    """The moderation queue: guests' comments wait here, reported ones are hidden here until reviewed.

    Organisers see every comment; a showing's moderators see (and moderate) only their showings' comments. An
    organiser's block holds on the whole site, a showing moderator's at that showing only.
    """

    list_display = ["body_start", "author_name", "thread", "showing", "status", "is_official", "flag_count",
                    "created_at"]  # fmt: skip
    # Only the showings and threads that have comments in the moderator's own queue.
    list_filter = [
        "status",
        "is_official",
        ("showing", admin.RelatedOnlyFieldListFilter),
        ("thread", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["body", "guest_name", "author__email", "author__name"]
    list_select_related = ["thread", "author", "showing__city", "official_city"]
    fields = ["thread", "showing", "parent", "author", "guest_name", "body", "status", "moderation_reason",
              "is_official", "official_label", "flag_count", "reaction_count", "created_at"]  # fmt: skip
    readonly_fields = ["thread", "showing", "parent", "author", "guest_name", "body", "is_official",
                       "official_label", "flag_count", "reaction_count", "created_at"]  # fmt: skip
    inlines = [FlagInline]
    actions = ["publish", "hide", "remove", "block_authors"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        comments = super().get_queryset(request)
        if is_organiser(request.user):
            return comments
        return comments.filter(showing__moderators=request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or can_moderate_comment(request.user, obj))

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
            where = "on the whole site" if is_organiser(request.user) else f"at {comment.showing}"
            self.log_change(request, comment, f"hidden; author blocked {where}")
        self.message_user(request, _("%(count)d comments hidden and their authors blocked.") % {"count": len(queryset)})


@admin.register(Showing)
class ShowingAdmin(admin.ModelAdmin):
    """Organisers set up a city's showing and name its moderators, who then get the comment queue in the admin."""

    list_display = ["title", "city", "starts_on", "ends_on", "language", "edition_shown", "moderator_count",
                    "kit_state", "public_page"]  # fmt: skip
    list_filter = ["language"]
    search_fields = ["title", "city__name", "venue"]
    list_select_related = ["city", "edition"]
    autocomplete_fields = ["city", "moderators", "blocked_authors"]
    fields = ["city", "title", "starts_on", "ends_on", "venue", "language", "edition", "moderators",
              "blocked_authors", "kit"]  # fmt: skip
    readonly_fields = ["kit"]
    actions = ["prepare_kits"]

    @admin.display(description=_("edition"))
    def edition_shown(self, obj):
        return obj.edition or _("follows the current edition")

    @admin.display(description=_("moderators"))
    def moderator_count(self, obj):
        return obj.moderators.count()

    @admin.display(description=_("poster kit"))
    def kit_state(self, obj):
        if obj.kit_started_at:
            return _("being prepared")
        return _("ready") if obj.kit else _("not prepared yet")

    @admin.display(description=_("public page"))
    def public_page(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.get_absolute_url())

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.showing_moderators_sync()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.showing_moderators_sync()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        services.showing_moderators_sync()

    @admin.action(description=_("Prepare the poster kits of the selected showings"))
    def prepare_kits(self, request, queryset):
        for showing in queryset:
            services.showing_kit_start(showing=showing)
        self.message_user(
            request,
            _("The poster kits are being prepared; this list shows when they are ready."),
            messages.SUCCESS,
        )
