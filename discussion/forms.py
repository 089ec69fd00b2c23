from django import forms
from django.utils.translation import gettext_lazy as _

from discussion.models import ReactionKind

MAX_COMMENT = 2000


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_COMMENT, "data-count": ""}),
        help_text=_("At most 2,000 characters. **bold**, *italic*, lists and links work."),
    )
    guest_name = forms.CharField(label=_("Your name"), max_length=80, required=False)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    # A field people never see; bots fill it in.
    website = forms.CharField(required=False, widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    def __init__(self, *args, guest: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.guest = guest
        if guest:
            self.fields["guest_name"].required = True
            self.fields["guest_name"].help_text = _(
                "Comments from guests are published after a moderator has read them."
            )
        else:
            del self.fields["guest_name"]

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise forms.ValidationError(_("This comment could not be accepted."))
        return ""


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class FlagForm(forms.Form):
    reason = forms.CharField(label=_("Why should a moderator look at this?"), max_length=250)


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_COMMENT, "data-count": ""}),
    )
