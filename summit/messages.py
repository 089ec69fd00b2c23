"""Messages kept as Django's default storage keeps them (a signed cookie, and the session for what does not fit in
it), except that the cookie is not compressed. zlib sets up and clears some 256 KB of state for every compression,
which took a vote about 60 µs, a twentieth of its time, to shorten a thank-you of a hundred characters by a few
bytes. A cookie that an older release compressed is still read (the signature says which it is)."""

from django.contrib.messages.storage.cookie import CookieStorage, MessagePartGatherSerializer
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.messages.storage.session import SessionStorage


class UncompressedCookieStorage(CookieStorage):
    def _encode_parts(self, messages, encode_empty=False):
        if messages or encode_empty:
            return self.signer.sign_object(messages, serializer=MessagePartGatherSerializer)
        return None


class MessageStorage(FallbackStorage):
    storage_classes = (UncompressedCookieStorage, SessionStorage)
