"""What the discussion's tests share: the exhibit page that carries the healthy cities' thread, and posting to it."""

import re

URL = "/exhibition/topics/healthy-cities/"


def post(client, thread, **data):
    return client.post(f"/exhibition/threads/{thread.pk}/comments/", {"body": "Shade matters.", **data})


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())
