"""Best practices in the admin: the review queue, approving or asking for changes with a comment, their history."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from summit.admin import TransitionInline
from summit.text import markdown_to_html
from workshops import permissions, selectors, services
from workshops.forms import ReviewCommentForm
from workshops.models import (
    BestPractice,
    PracticeImage,
    PracticeStatus,
    PracticeTransition,
)


class PracticeImageInline(admin.TabularInline):
    model = PracticeImage
    extra = 0
    fields = ["preview", "caption", "alt_text", "position", "removed"]
    readonly_fields = ["preview", "removed"]

    def has_add_permission(self, request, obj=None):
        # Photos arrive through the delegates' editor, which cleans them (summit.images).
        return False

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if obj.thumbnail:
            return format_html('<img src="{}" alt="{}" width="120">', obj.thumbnail.url, obj.alt_text)
        return _("being prepared")


class PracticeTransitionInline(TransitionInline):
    model = PracticeTransition


class ReviewQueueFilter(admin.SimpleListFilter):
    title = _("review queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for review"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(status=PracticeStatus.SUBMITTED).order_by("submitted_at")
        return queryset


@admin.register(BestPractice)
class BestPracticeAdmin(admin.ModelAdmin):
    """Organisers review here: the queue filter, a side-by-side review page, and approve / request changes."""

    list_display = [
        "title",
        "city",
        "topic",
        "status",
        "is_public",
        "submitted_at",
        "updated_at",
        "review_link",
    ]
    list_filter = [ReviewQueueFilter, "status", "topic", "city", "is_public", "is_demo"]
    search_fields = ["title", "summary", "city__name"]
    list_select_related = ["city", "topic"]
    # Organisers review; they do not rewrite a city's text, so the content is read-only here.
    readonly_fields = [
        "city", "topic", "title", "summary", "body", "results", "links", "language",
        "status", "version", "author", "updated_by", "review_comment",
        "is_public", "published_at", "submitted_at", "created_at", "updated_at", "is_demo",
    ]  # fmt: skip
    inlines = [PracticeImageInline, PracticeTransitionInline]
    actions = ["approve", "request_changes"]

    def has_add_permission(self, request):
        # Practices are written by the cities' delegates in their dashboard.
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/",
                self.admin_site.admin_view(self.review_view),
                name="workshops_practice_review",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("review"))
    def review_link(self, obj):
        if obj.status != PracticeStatus.SUBMITTED:
            return ""
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:workshops_practice_review", args=[obj.pk]), _("Review")
        )

    def review_view(self, request, pk):
        """The approved copy (if any) beside the submitted text, with Approve and Request changes."""
        practice = get_object_or_404(BestPractice.objects.select_related("city", "topic", "public_topic"), pk=pk)
        if not self.has_change_permission(request, practice):
            raise PermissionDenied
        form = ReviewCommentForm(request.POST or None)
        if request.method == "POST" and permissions.can_review_practice(request.user, practice):
            if request.POST.get("decision") == "approve":
                services.practice_approve(practice=practice, by=request.user)
                self.message_user(request, _("“%(title)s” is approved and public.") % {"title": practice.title})
                return redirect("admin:workshops_bestpractice_changelist")
            if form.is_valid():
                services.practice_request_changes(
                    practice=practice, by=request.user, comment=form.cleaned_data["comment"]
                )
                self.message_user(request, _("Changes requested; the author has been emailed."))
                return redirect("admin:workshops_bestpractice_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Review: %(title)s") % {"title": practice.title},
            "practice": practice,
            "form": form,
            "can_review": permissions.can_review_practice(request.user, practice),
            "body_html": markdown_to_html(practice.body),
            "results_html": markdown_to_html(practice.results),
            "images": selectors.practice_editor_images(practice=practice),
            "public_images": selectors.practice_public_images(practice=practice),
        }
        return TemplateResponse(request, "admin/workshops/bestpractice/review.html", context)

    @admin.action(description=_("Approve selected practices"))
    def approve(self, request, queryset):
        approved = 0
        for practice in queryset:
            if permissions.can_review_practice(request.user, practice):
                services.practice_approve(practice=practice, by=request.user)
                approved += 1
        skipped = len(queryset) - approved
        self.message_user(
            request,
            ngettext("%(count)d practice approved.", "%(count)d practices approved.", approved) % {"count": approved},
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d practice was not waiting for review and was left alone.",
                    "%(count)d practices were not waiting for review and were left alone.",
                    skipped,
                )
                % {"count": skipped},
                level=messages.WARNING,
            )

    @admin.action(description=_("Request changes to selected practices"))
    def request_changes(self, request, queryset):
        """An intermediate page asks for the comment the authors will receive."""
        waiting = [practice for practice in queryset if permissions.can_review_practice(request.user, practice)]
        form = ReviewCommentForm(request.POST if "comment" in request.POST else None)
        if form.is_valid():
            for practice in waiting:
                services.practice_request_changes(
                    practice=practice, by=request.user, comment=form.cleaned_data["comment"]
                )
            self.message_user(
                request,
                ngettext(
                    "Changes requested for %(count)d practice.",
                    "Changes requested for %(count)d practices.",
                    len(waiting),
                )
                % {"count": len(waiting)},
            )
            return None
        if not waiting:
            self.message_user(request, _("None of the selected practices is waiting for review."), messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Request changes"),
            "practices": waiting,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/workshops/bestpractice/request_changes.html", context)


@admin.register(PracticeTransition)
class PracticeTransitionAdmin(admin.ModelAdmin):
    list_display = ["practice", "from_status", "to_status", "by", "at"]
    list_filter = ["to_status", "practice__city"]
    search_fields = ["practice__title", "reason", "by__email"]
    list_select_related = ["practice", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
