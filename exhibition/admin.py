from django.contrib import admin, messages
from django.db import transaction
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from exhibition.models import Edition, EditionStatus, Exhibit
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
