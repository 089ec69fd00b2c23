"""Letters, and the print runs of badges and place cards: the protocol office's documents."""

from django.contrib import admin, messages
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from delegations import badges, letters
from delegations.models import (
    BadgePrint,
    Letter,
    LetterStatus,
    LetterTemplate,
    LetterTransition,
)
from summit.admin import TransitionInline
from summit.storage import file_response
from summit.transitions import InvalidTransition


@admin.register(LetterTemplate)
class LetterTemplateAdmin(TranslationAdmin):
    list_display = ["letterhead", "summit", "signatory"]


class LetterTransitionInline(TransitionInline):
    model = LetterTransition


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    """Letters asked for by the delegates: approve (the PDF is rendered by a worker) or refuse them."""

    list_display = ["reference", "person", "city", "kind", "language", "status", "requested_at", "issued_on"]
    list_filter = ["status", "kind", "language", "member__delegation__city"]
    search_fields = ["reference", "member__full_name", "member__delegation__city__name"]
    readonly_fields = ["member", "kind", "language", "status", "reference", "requested_by", "requested_at",
                       "issued_on", "pdf"]  # fmt: skip
    inlines = [LetterTransitionInline]
    actions = ["approve", "refuse"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("member__delegation__city")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("person"), ordering="member__full_name")
    def person(self, obj):
        return obj.member.full_name

    @admin.display(description=_("city"), ordering="member__delegation__city__name")
    def city(self, obj):
        return obj.member.delegation.city

    def _decide(self, request, queryset, to: str) -> None:
        done = 0
        for letter in queryset.filter(status=LetterStatus.REQUESTED):
            try:
                letters.letter_decide(letter=letter, to=to, by=request.user)
                done += 1
            except InvalidTransition:
                continue
        skipped = queryset.count() - done
        self.message_user(request, ngettext("%(count)s letter decided.", "%(count)s letters decided.", done)
                          % {"count": done}, messages.SUCCESS if done else messages.WARNING)  # fmt: skip
        if skipped:
            self.message_user(request, ngettext("%(count)s letter was not waiting for a decision.",
                                                "%(count)s letters were not waiting for a decision.", skipped)
                              % {"count": skipped}, messages.WARNING)  # fmt: skip

    @admin.action(description=_("Approve the selected letters (the PDF follows)"), permissions=["change"])
    def approve(self, request, queryset):
        self._decide(request, queryset, LetterStatus.APPROVED)

    @admin.action(description=_("Refuse the selected letters"), permissions=["change"])
    def refuse(self, request, queryset):
        self._decide(request, queryset, LetterStatus.REFUSED)


@admin.register(BadgePrint)
class BadgePrintAdmin(admin.ModelAdmin):
    """Print runs of badges and place cards: ready ones download here (the file is private); one whose people changed
    since is marked outdated."""

    list_display = ["__str__", "status", "people", "requested_by", "requested_at", "built_at", "outdated", "download"]
    readonly_fields = ["status", "requested_by", "requested_at", "built_at", "error", "download"]
    exclude = ["pdf", "members"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        pdf = path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="delegations_badgeprint_pdf")
        return [pdf, *super().get_urls()]

    def pdf_view(self, request, pk):
        run = BadgePrint.objects.filter(pk=pk, status="ready").first()
        if run is None or not self.has_view_permission(request, run):
            raise Http404(_("This print run has no PDF."))
        return file_response(run.pdf, as_attachment=True, filename=f"badges-{run.pk}.pdf")

    @admin.display(description=_("people"))
    def people(self, obj):
        return obj.members.count()

    @admin.display(description=_("outdated"), boolean=True)
    def outdated(self, obj):
        return badges.badges_outdated(obj)

    @admin.display(description=_("PDF"))
    def download(self, obj):
        if obj.status != "ready":
            return obj.get_status_display()
        return format_html('<a href="{}">{}</a>', reverse("admin:delegations_badgeprint_pdf", args=[obj.pk]),
                           _("Download"))  # fmt: skip
