"""A visitor's proposed statement, and a showing's voting wall counted on paper."""

from django import forms
from django.utils.translation import gettext_lazy as _

from opinions.models import Statement

MAX_DOTS = 100_000


class ProposalForm(forms.Form):
    text = forms.CharField(
        label=_("Your statement"), min_length=10, max_length=280,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
        help_text=_("One clear sentence others can agree or disagree with. The organisers read it before it is shown."),
    )  # fmt: skip


class PaperTallyForm(forms.Form):
    """Per statement three counts, agree, disagree and pass, as the wall shows them now; empty counts as 0."""

    def __init__(self, *args, statements: list[Statement], current: dict[int, dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = statements
        for statement in statements:
            for choice, label in (("agree", _("Agree")), ("disagree", _("Disagree")), ("passed", _("Pass"))):
                self.fields[f"{choice}_{statement.pk}"] = forms.IntegerField(
                    label=label, required=False, min_value=0, max_value=MAX_DOTS,
                    initial=current.get(statement.pk, {}).get(choice, 0),
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "tally-input"}),
                )  # fmt: skip

    def rows(self):
        """Per statement its three bound fields, for the template's table."""
        return [(statement, [self[f"{choice}_{statement.pk}"] for choice in ("agree", "disagree", "passed")])
                for statement in self.statements]  # fmt: skip

    def tallies(self) -> dict[Statement, tuple[int, int, int]]:
        data = self.cleaned_data
        return {
            statement: tuple(data.get(f"{choice}_{statement.pk}") or 0 for choice in ("agree", "disagree", "passed"))
            for statement in self.statements
        }
