"""Statements in English, German and French (django-modeltranslation, as the summit's own texts)."""

from modeltranslation.translator import TranslationOptions, register

from opinions.models import Statement


@register(Statement)
class StatementTranslation(TranslationOptions):
    fields = ("text",)
