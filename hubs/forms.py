from django import forms
from django.utils.translation import gettext_lazy as _

from hubs.models import SearchKind
from summit.models import City, Topic


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("What"), choices=[("", _("Everything")), *SearchKind.choices], required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
    )
    city = forms.ModelChoiceField(
        label=_("City"), queryset=City.objects.order_by("name"), to_field_name="slug", required=False,
        empty_label=_("All cities"),
    )  # fmt: skip
