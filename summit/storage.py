"""Where files live: the local disk (the default), or an S3-compatible object store shared by every machine.

`STORAGE_URL=s3://<bucket>?endpoint=<url>&region=<name>` puts every file the product writes and reads there, with
the credentials boto3 reads from the environment (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`); `&public=<origin>`
names where readers fetch public files (a CDN or the proxy) when it is not the endpoint itself, and pages allow
images from that origin (the Content-Security-Policy). Two storages share the bucket:
- `default`, public: uploads and their renditions, posters, catalogues, kits, open data, declarations' PDFs, read
  at their URL by anyone. Files of editions never change under their name (each edition and poster hash names its
  own), so they are stored with `Cache-Control: public, max-age=31536000, immutable`.
- `private`: paper-comment photos, letters, badges and certificates (their names start with `private/`), readable
  by no one at their address; the app streams them through views that check permissions, or hands out a signed
  URL valid for `PRIVATE_URL_SECONDS`.
On the local disk both are MEDIA_ROOT, and /media/private/ is never served, not even by the development server.
"""

from urllib.parse import parse_qs, urlsplit

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from storages.backends.s3 import S3Storage

PRIVATE_URL_SECONDS = 300
IMMUTABLE = "public, max-age=31536000, immutable"
# Named once per edition or by the content's hash: never rewritten under the same name.
IMMUTABLE_PREFIXES = ("exhibition/",)


def storages_config(url: str, *, static_backend: str) -> dict:
    """Django's STORAGES for `url` (empty: the local disk)."""
    static = {"BACKEND": static_backend}
    if not url:
        local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        return {"default": local, "private": local, "staticfiles": static}
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError("STORAGE_URL must look like s3://bucket?endpoint=https://…&region=…")
    query = _query(url)
    origin = urlsplit(query.get("public", ""))
    common = {
        "bucket_name": parts.netloc,
        "custom_domain": f"{origin.netloc}{origin.path.rstrip('/')}" if origin.netloc else None,
        "url_protocol": f"{origin.scheme}:" if origin.netloc else "https:",
        "endpoint_url": query.get("endpoint"),
        "region_name": query.get("region"),
        # Path-style addresses work with every S3-compatible server, virtual hosts only with some.
        "addressing_style": "path" if query.get("endpoint") else None,
        "file_overwrite": False,
        "signature_version": "s3v4",
    }
    backend = "summit.storage.ObjectStorage"
    public = {**common, "default_acl": "public-read", "querystring_auth": False}
    # Signed by the store itself, never at the public origin.
    private = {**common, "custom_domain": None, "default_acl": "private", "querystring_auth": True,
               "querystring_expire": PRIVATE_URL_SECONDS}  # fmt: skip
    return {"default": {"BACKEND": backend, "OPTIONS": public}, "private": {"BACKEND": backend, "OPTIONS": private},
            "staticfiles": static}  # fmt: skip


def media_origin(url: str) -> str:
    """The origin readers fetch public files from, for the Content-Security-Policy ("" on the local disk)."""
    if not url:
        return ""
    query = _query(url)
    origin = urlsplit(query.get("public") or query.get("endpoint") or "https://*.amazonaws.com")
    return f"{origin.scheme}://{origin.netloc}"


def _query(url: str) -> dict[str, str]:
    return {name: values[-1] for name, values in parse_qs(urlsplit(url).query).items()}


class ObjectStorage(S3Storage):
    """S3Storage, with the cache headers of files that never change under their name."""

    def get_object_parameters(self, name: str) -> dict:
        parameters = super().get_object_parameters(name)
        if name.startswith(IMMUTABLE_PREFIXES):
            parameters.setdefault("CacheControl", IMMUTABLE)
        return parameters


class PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used (and again after a test changes STORAGES), for FileFields
    whose files only their permission-checked views may serve."""

    def _setup(self):
        self._wrapped = storages["private"]


private_storage = PrivateStorage()


def _storages_changed(*, setting, **kwargs):
    if setting in ("STORAGES", "MEDIA_ROOT"):
        private_storage._wrapped = empty


setting_changed.connect(_storages_changed)


def private_files():
    """The storage of a FileField whose files only their permission-checked views serve."""
    return private_storage


def file_response(file, **options) -> FileResponse:
    """Stream a stored file (from the disk or the object store) to a reader the view has let in; a file missing
    from storage is a 404 that says so, never a 500."""
    try:
        return FileResponse(file.open("rb"), **options)
    except FileNotFoundError as missing:
        raise Http404(_("This file is missing from storage.")) from missing
