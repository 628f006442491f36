"""Images uploaded in the admin: damaged ones get a form error; the rest keep only their pixels."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image
from wagtail.images import get_image_model

from hearth.uploads import ImageRejected, reencode

PHP = b"<?php system($_GET['c']); ?>"
UNREADABLE = "We couldn’t read this image"
ORIENTATION = 0x0112
ROTATED_90_CW = 6  # EXIF: shown turned a quarter clockwise from how it is stored


def _picture(size=(120, 80)):
    """Green, with a red block at the top-left corner as stored."""
    picture = Image.new("RGB", size, (40, 140, 90))
    picture.paste((220, 30, 30), (0, 0, 20, 20))
    return picture


def phone_photo():
    """A JPEG as a phone makes it: stored sideways, with GPS, plus a script in its comment."""
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATED_90_CW
    exif[0x0110] = "Phone 12"  # camera model
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps.update({1: "N", 2: (53.0, 47.0, 44.0), 3: "W", 4: (1.0, 32.0, 50.0)})
    buffer = io.BytesIO()
    _picture().save(buffer, "JPEG", exif=exif.tobytes(), comment=PHP, quality=95)
    return buffer.getvalue()


def png_with_text():
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "home: 12 Mill Lane")
    picture = _picture().convert("RGBA")
    picture.putpixel((119, 79), (0, 0, 0, 0))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", pnginfo=text)
    return buffer.getvalue()


def noisy_png():
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buffer, "PNG")
    return buffer.getvalue()


def truncated_png():
    data = noisy_png()
    return data[: len(data) // 2]


def corrupt_jpeg():
    data = bytearray(phone_photo())
    data[len(data) // 2 :] = b"\x00" * (len(data) - len(data) // 2)
    return bytes(data[: len(data) - 200])


def animated_gif():
    colours = [(200, 40, 40), (40, 200, 40), (40, 40, 200)]
    frames = [Image.new("RGB", (40, 40), colour) for colour in colours]
    buffer = io.BytesIO()
    frames[0].save(
        buffer,
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=200,
        loop=0,
        comment=b"made at 12 Mill Lane",
    )
    return buffer.getvalue()


def upload(name, data):
    content_type = {"png": "image/png", "gif": "image/gif"}.get(name.rsplit(".")[-1], "image/jpeg")
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_bytes(image):
    with image.file.open("rb") as handle:
        return handle.read()


# The re-encoding itself ------------------------------------------------------------------------


def test_a_jpeg_with_php_in_its_comment_comes_out_without_it():
    original = phone_photo()
    assert PHP in original

    data, image_format = reencode(original)

    assert image_format == "JPEG"
    assert PHP not in data
    assert b"<?php" not in data


def test_gps_and_every_other_exif_field_are_dropped_and_the_photo_is_turned_upright():
    original = Image.open(io.BytesIO(phone_photo()))
    assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo does carry GPS

    data, _ = reencode(phone_photo())

    clean = Image.open(io.BytesIO(data))
    assert dict(clean.getexif()) == {}
    assert b"Exif" not in data[:200]
    assert clean.size == (80, 120)  # the stored 120x80 turned a quarter clockwise
    # The red block stored top-left is now where the viewer saw it: top-right.
    red, green, blue = clean.convert("RGB").getpixel((75, 4))
    assert red > 180 and green < 90


def test_png_text_chunks_go_and_transparency_stays():
    data, image_format = reencode(png_with_text())

    clean = Image.open(io.BytesIO(data))
    assert image_format == "PNG"
    assert b"Mill Lane" not in data
    assert "Comment" not in clean.info
    assert clean.mode == "RGBA"
    assert clean.getpixel((119, 79))[3] == 0


def test_an_animated_gif_keeps_its_frames_but_not_its_comment():
    assert Image.open(io.BytesIO(animated_gif())).n_frames == 3
    data, _ = reencode(animated_gif())

    clean = Image.open(io.BytesIO(data))
    assert clean.n_frames == 3
    assert b"Mill Lane" not in data


@pytest.mark.parametrize("damaged", [truncated_png, corrupt_jpeg, lambda: b"GIF89a\x01\x00"])
def test_a_damaged_image_is_refused(damaged):
    with pytest.raises(ImageRejected):
        reencode(damaged())


# Through the admin -----------------------------------------------------------------------------


@pytest.fixture
def admin(admin_client):
    admin_client.raise_request_exception = False
    return admin_client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "damaged"), [("venue.png", truncated_png), ("venue.jpg", corrupt_jpeg)]
)
def test_a_damaged_upload_gets_a_form_error_not_a_500(admin, name, damaged):
    response = admin.post(
        reverse("wagtailimages:add"), {"title": "Venue", "file": upload(name, damaged())}
    )

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_a_damaged_upload_in_the_multiple_uploader_is_refused_with_the_message(admin):
    response = admin.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload("venue.png", truncated_png())}
    )

    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["success"] is False
    assert UNREADABLE in body["error_message"]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_a_damaged_upload_in_the_choosers_upload_tab_is_refused(admin):
    response = admin.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Venue",
            "image-chooser-upload-file": upload("venue.png", truncated_png()),
        },
    )

    assert response.status_code == 200
    assert UNREADABLE in json.loads(response.content)["htmlFragment"]
    assert not get_image_model().objects.exists()


@pytest.mark.django_db
def test_a_phone_photo_uploaded_in_the_admin_is_stored_upright_and_without_metadata(admin):
    response = admin.post(
        reverse("wagtailimages:add"), {"title": "Hall", "file": upload("hall.jpg", phone_photo())}
    )

    assert response.status_code == 302
    image = get_image_model().objects.get()
    data = stored_bytes(image)
    assert PHP not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}
    assert (image.width, image.height) == (80, 120)
    assert image.file_size == len(data)
    # Renditions are drawn from the clean file.
    rendition = image.get_rendition("max-40x40")
    assert b"<?php" not in stored_bytes(rendition)


@pytest.mark.django_db
def test_the_multiple_uploader_stores_the_clean_file_too(admin):
    response = admin.post(
        reverse("wagtailimages:add_multiple"), {"files[]": upload("hall.jpg", phone_photo())}
    )

    assert json.loads(response.content)["success"] is True
    data = stored_bytes(get_image_model().objects.get())
    assert PHP not in data
    assert dict(Image.open(io.BytesIO(data)).getexif()) == {}


@pytest.mark.django_db
def test_replacing_an_images_file_with_a_damaged_one_keeps_the_old_file(admin):
    admin.post(
        reverse("wagtailimages:add"), {"title": "Hall", "file": upload("h.jpg", phone_photo())}
    )
    image = get_image_model().objects.get()
    before = image.file.name

    response = admin.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {"title": "Hall", "file": upload("h.png", truncated_png())},
    )

    assert response.status_code == 200
    assert UNREADABLE in response.content.decode()
    image.refresh_from_db()
    assert image.file.name == before
