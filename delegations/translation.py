"""The letters' wording in English, German and French (django-modeltranslation, as the summit's own texts)."""

from modeltranslation.translator import TranslationOptions, register

from delegations.models import LetterTemplate


@register(LetterTemplate)
class LetterTemplateTranslation(TranslationOptions):
    fields = ("body", "signatory_title")
