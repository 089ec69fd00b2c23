import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from summit.images import MAX_SIDE, image_clean, rendition_make, renditions_make
from tests.factories import jpeg_bytes, png_bytes


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def test_jpeg_is_turned_upright_and_loses_all_metadata():
    # Orientation 6: the camera was held upright, the pixels are stored lying on their side.
    clean = image_clean(upload(jpeg_bytes((1200, 800), exif_orientation=6, gps=True)))

    stored = Image.open(io.BytesIO(clean.content.read()))
    assert (clean.width, clean.height) == (800, 1200)
    assert stored.size == (800, 1200)
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info and "icc_profile" not in stored.info


def test_png_text_chunks_are_stripped_and_transparency_kept():
    clean = image_clean(upload(png_bytes(), name="map.png", content_type="image/png"))

    stored = Image.open(io.BytesIO(clean.content.read()))
    assert stored.format == "PNG"
    assert stored.mode == "RGBA"
    assert "Comment" not in stored.info
    assert clean.extension == "png"


def test_large_image_is_bounded_to_3000_pixels():
    clean = image_clean(upload(jpeg_bytes((6000, 3000))))

    assert (clean.width, clean.height) == (MAX_SIDE, 1500)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer\n%%EOF", "scan.jpg", "not an image we can read"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png", "not an image"),
        (jpeg_bytes()[:2000], "cut.jpg", "damaged or incomplete"),
    ],
    ids=["renamed-pdf", "svg", "truncated-jpeg"],
)
def test_files_that_are_not_whole_images_are_refused(data, name, message):
    with pytest.raises(ValidationError, match=message):
        image_clean(upload(data, name=name))


def test_gif_is_refused_by_format():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "GIF")

    with pytest.raises(ValidationError, match="GIF images are not accepted"):
        image_clean(upload(buffer.getvalue(), name="anim.gif"))


def test_decompression_bomb_is_refused_before_decoding():
    # 9000 x 9000 one-bit pixels: a few kilobytes on disk, 81 megapixels once decoded.
    buffer = io.BytesIO()
    Image.new("1", (9000, 9000)).save(buffer, "PNG")
    assert len(buffer.getvalue()) < 100_000

    with pytest.raises(ValidationError, match="81 megapixels; at most 40"):
        image_clean(upload(buffer.getvalue(), name="bomb.png"))


def test_file_over_15_mb_is_refused():
    big = upload(jpeg_bytes() + b"\0" * (15 * 1024 * 1024))

    with pytest.raises(ValidationError, match="at most 15 MB"):
        image_clean(big)


def test_renditions_are_jpegs_bounded_by_their_size():
    clean = image_clean(upload(png_bytes((2400, 1200)), name="wide.png"))

    thumbnail = Image.open(io.BytesIO(rendition_make(clean.content, "thumbnail").read()))

    assert thumbnail.format == "JPEG"
    assert thumbnail.size == (320, 160)


def test_truncated_file_is_refused_even_after_weasyprint_relaxed_pillow():
    # The point of this test: importing WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process.
    import weasyprint  # noqa: F401, PLC0415

    with pytest.raises(ValidationError, match="damaged or incomplete"):
        image_clean(upload(jpeg_bytes()[:2000]))


def test_the_one_rendition_task_makes_renditions_only_for_models_that_have_them(db):
    with pytest.raises(ValueError, match=r"summit\.Topic has no renditions"):
        renditions_make(model="summit.Topic", pk=1)
    renditions_make(model="workshops.OutcomePhoto", pk=987654)  # deleted meanwhile: nothing to do, no error
