from django import forms
from django.utils.translation import gettext_lazy as _

from summit.models import City


class SignForm(forms.Form):
    """The city to sign for (when the person is mayor of more than one) and the version shown on the page."""

    city = forms.ModelChoiceField(label=_("Sign for"), queryset=City.objects.none(), empty_label=None)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, cities: list[City], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["city"].queryset = City.objects.filter(pk__in=[city.pk for city in cities]).order_by("name")
        if len(cities) == 1:
            self.fields["city"].widget = forms.HiddenInput()
            self.fields["city"].initial = cities[0].pk


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does your city withdraw its signature?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the signature log, which the organisers see."),
    )
