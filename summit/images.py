"""The one entry point for uploaded images (Pillow).

Every upload is opened and fully decoded (a renamed PDF, an SVG or a truncated file fails here), checked against
size and pixel limits before decoding (decompression bombs), turned upright by its EXIF orientation, copied into a
fresh image so that no metadata survives (EXIF, GPS, XMP, ICC, comments), bounded in size and re-encoded.
Renditions are made from the stored original, in Celery.
"""

import io
import secrets
from contextlib import contextmanager
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from summit.outbox import task_queue
from summit.tasks import image_renditions

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 3000
ACCEPTED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# Rendition name → longest side in pixels.
RENDITIONS = {"thumbnail": 320, "card": 800, "poster": 2000}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    extension: str
    width: int
    height: int


def _encode(image: Image.Image, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    elif fmt == "WEBP":
        image.save(buffer, "WEBP", quality=85)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@contextmanager
def _strict_decoding():
    """Refuse truncated files while decoding an upload. WeasyPrint, once imported, tells Pillow to accept them
    process-wide (ImageFile.LOAD_TRUNCATED_IMAGES), which is fine for our own clean media but not for uploads."""
    previous = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = previous


def image_clean(upload) -> CleanImage:
    """Validate an uploaded file and return it upright, without metadata, at most MAX_SIDE pixels wide or high."""
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; images can be at most 15 MB."),
            code="too_large",
            params={"size": f"{upload.size / 1024 / 1024:.1f}"},
        )
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            fmt = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."), code="not_an_image"
        ) from error
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted. Upload a JPEG, PNG or WebP photo."),
            code="format",
            params={"format": fmt},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("This image has %(mp)s megapixels; at most 40 are accepted."),
            code="too_many_pixels",
            params={"mp": f"{width * height / 1_000_000:.0f}"},
        )
    upload.seek(0)
    try:
        with _strict_decoding(), Image.open(upload) as source:
            source.load()
            upright = ImageOps.exif_transpose(source)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("This image is damaged or incomplete. Please upload it again."), code="broken"
        ) from error
    mode = upright.mode if upright.mode in {"RGB", "RGBA", "L"} else ("RGBA" if "A" in upright.getbands() else "RGB")
    upright = upright.convert(mode)
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image from the pixels alone: nothing from the original's info (EXIF, GPS, XMP, ICC) comes along.
    clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    return CleanImage(
        content=ContentFile(_encode(clean, fmt)),
        extension=ACCEPTED_FORMATS[fmt],
        width=clean.width,
        height=clean.height,
    )


def rendition_make(source, name: str) -> ContentFile:
    """A JPEG of the stored original, its longest side at most RENDITIONS[name] pixels."""
    side = RENDITIONS[name]
    with Image.open(source) as image:
        image.load()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
        if image.mode in {"RGBA", "LA", "P"}:
            flattened = Image.new("RGB", image.size, "white")
            flattened.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
            image = flattened
        return ContentFile(_encode(image, "JPEG"))


def renditions_queue(instance) -> None:
    """Have a worker make `instance`'s renditions once the transaction commits (summit.tasks.image_renditions)."""
    task_queue(image_renditions, model=instance._meta.label, pk=instance.pk)


@transaction.atomic
def renditions_make(*, model: str, pk: int) -> None:
    """Make the missing renditions of one image row of any model with an original and RENDITIONS. Safe to run twice;
    a row deleted meanwhile, or one without an original, is left alone."""
    image_model = apps.get_model(model)
    if not all(hasattr(image_model, name) for name in ("original", *RENDITIONS)):
        raise ValueError(f"{model} has no renditions.")
    row = image_model.objects.select_for_update().filter(pk=pk).exclude(original="").first()
    if row is not None:
        renditions_fill(row)


def renditions_fill(instance) -> None:
    """Make the renditions `instance` lacks: one ImageField per name in RENDITIONS, made from `instance.original`.

    Safe to run twice: renditions that exist are kept. Names are random, never the row's id.
    """
    missing = [name for name in RENDITIONS if not getattr(instance, name)]
    for name in missing:
        instance.original.open("rb")
        try:
            # Unguessable, as the originals are: media is served publicly by name, and a draft's or a removed
            # photo's renditions must not be found by counting.
            getattr(instance, name).save(
                f"{secrets.token_hex(16)}-{name}.jpg", rendition_make(instance.original, name), save=False
            )
        finally:
            instance.original.close()
    if missing:
        instance.save(update_fields=missing)
