from django import forms
from django.utils.translation import gettext_lazy as _


class GuestSignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("We send a link to confirm it, then your ticket."))


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=12, widget=forms.TextInput(attrs={"autocapitalize": "characters",
                                                                       "autocomplete": "off"}),
    )  # fmt: skip


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"), max_length=300, widget=forms.Textarea(attrs={"rows": 3, "maxlength": 300})
    )
    asked_by = forms.CharField(label=_("Your name"), max_length=80, required=False)
