from django import template

from hubs import following

register = template.Library()


@register.simple_tag
def is_following(user, key: str) -> bool:
    """`{% is_following user key as on %}`, in the Follow button (hubs/_follow_button.html)."""
    return following.is_following(user, key)
