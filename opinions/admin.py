"""Organisers keep the statements (leave some out, add their own in three languages, show or leave out what
visitors propose: filter by status "Proposed") and start the opinion groups' computation on demand; votes are
never shown one by one. The showings' paper tallies are listed for checking and correcting."""

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from opinions import services
from opinions.models import Choice, OpinionMap, PaperTally, Statement, StatementSource, StatementStatus


@admin.register(Statement)
class StatementAdmin(TranslationAdmin):
    list_display = ["text", "topic", "source", "status", "agree", "disagree", "passed"]
    list_filter = ["topic", "source", "status"]
    search_fields = ["text"]
    fields = ["topic", "text", "status", "source", "proposed_by"]
    readonly_fields = ["source", "proposed_by"]
    actions = ["leave_out", "show_again", "compute_now"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("topic", "proposed_by")
            .annotate(
                agree_count=Count("votes", filter=Q(votes__choice=Choice.AGREE)),
                disagree_count=Count("votes", filter=Q(votes__choice=Choice.DISAGREE)),
                pass_count=Count("votes", filter=Q(votes__choice=Choice.PASS)),
            )
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.source = StatementSource.ORGANISERS
        services.statement_save(statement=obj)

    @admin.display(description=_("agree"), ordering="agree_count")
    def agree(self, statement):
        return statement.agree_count

    @admin.display(description=_("disagree"), ordering="disagree_count")
    def disagree(self, statement):
        return statement.disagree_count

    @admin.display(description=_("pass"), ordering="pass_count")
    def passed(self, statement):
        return statement.pass_count

    @admin.action(description=_("Leave the selected statements out"))
    def leave_out(self, request, queryset):
        count = queryset.update(status=StatementStatus.LEFT_OUT)
        messages.success(request, _("%(count)s statements left out.") % {"count": count})

    @admin.action(description=_("Show the selected statements (a proposal too)"))
    def show_again(self, request, queryset):
        count = queryset.update(status=StatementStatus.SHOWN)
        messages.success(request, _("%(count)s statements shown.") % {"count": count})

    @admin.action(description=_("Compute the opinion groups now"))
    def compute_now(self, request, queryset):
        scopes = services.opinions_compute()
        messages.success(request, _("Opinion groups computed for %(count)s scopes.") % {"count": len(scopes)})


@admin.register(PaperTally)
class PaperTallyAdmin(admin.ModelAdmin):
    list_display = ["statement", "scope", "agree", "disagree", "passed", "entered_by", "updated_at"]
    list_filter = ["scope"]
    list_select_related = ["statement", "entered_by"]
    fields = ["statement", "scope", "agree", "disagree", "passed", "entered_by", "updated_at"]
    readonly_fields = ["statement", "scope", "entered_by", "updated_at"]

    def has_add_permission(self, request):
        return False


@admin.register(OpinionMap)
class OpinionMapAdmin(admin.ModelAdmin):
    list_display = ["__str__", "computed_at", "participants", "groups"]
    readonly_fields = ["scope", "computed_at"]
    exclude = ["result"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("participants"))
    def participants(self, found):
        return found.result.get("participants", 0)

    @admin.display(description=_("groups"))
    def groups(self, found):
        return len(found.result.get("groups", []))
