"""Uploaded images are read whole and saved again from their pixels, never kept as sent.

A phone photo of a venue can carry the GPS position of someone's home in its EXIF data; a
file can carry text (a script in a JPEG comment) that some server or browser might act on; a
truncated or corrupt file made the admin answer 500 when Wagtail first drew it. So every image
uploaded through the admin (the image form, the multiple uploader, the chooser's upload tab) is
decoded completely, turned upright by its EXIF orientation, and encoded again in its own format
with nothing but its pixels (and colour profile, and for animations their timing). What cannot
be decoded is refused with a message on the form.

Wagtail uses ``SafeImageForm`` as the base of every image form (WAGTAILIMAGES_IMAGE_FORM_BASE).
"""

import io
import warnings

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image, ImageOps, ImageSequence
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

try:  # HEIC/HEIF photos from phones, as Wagtail reads them (pillow-heif comes with Willow).
    from pillow_heif import HeifImagePlugin  # noqa: F401
except ImportError:  # pragma: no cover
    pass

UNREADABLE = (
    "We couldn’t read this image: the file seems damaged or incomplete. Please open it on your "
    "computer or phone, save or export it again (as JPEG or PNG), and upload that."
)
# What survives of the file's own metadata: how it looks and moves, nothing about where or who.
KEPT_INFO = {"icc_profile", "transparency", "duration", "loop", "background", "disposal"}
TOO_LARGE = (
    "This image has too many pixels for us to process. Please make it smaller (for example "
    "4000 pixels wide) and upload it again."
)
JPEG_QUALITY = 90


class ImageRejected(ValueError):
    """The upload is not an image we can decode completely."""


class ImageTooLarge(ImageRejected):
    """The image has more pixels than we decode (a "decompression bomb" or a huge scan)."""


def _frames(picture):
    frames = []
    for frame in ImageSequence.Iterator(picture):
        frame = frame.copy()
        frame.load()
        frames.append(frame)
    return frames


def _clean(frame, original_info):
    upright = ImageOps.exif_transpose(frame)
    upright.info = {k: v for k, v in original_info.items() if k in KEPT_INFO}
    return upright


def reencode(data):
    """``data`` (bytes of an image) decoded completely and encoded again without metadata.

    Returns (bytes, Pillow format name). Raises ImageRejected for anything that is not a whole
    image in a format Pillow can both read and write.
    """
    try:
        # A truncated file fails here (Pillow refuses one unless LOAD_TRUNCATED_IMAGES is set,
        # which nothing in Hearth does), not later when a thumbnail is drawn.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                probe.verify()
            with Image.open(io.BytesIO(data)) as picture:
                image_format = picture.format
                info = dict(picture.info)
                frames = [_clean(frame, info) for frame in _frames(picture)]
        first, rest = frames[0], frames[1:]
        options = {}
        if info.get("icc_profile"):
            options["icc_profile"] = info["icc_profile"]
        if image_format == "JPEG":
            if first.mode not in {"RGB", "L", "CMYK"}:
                first = first.convert("RGB")
            options["quality"] = JPEG_QUALITY
        if rest:
            options.update(save_all=True, append_images=rest)
            for key in ("duration", "loop", "disposal"):
                if key in info:
                    options[key] = info[key]
        out = io.BytesIO()
        first.save(out, format=image_format, **options)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge(str(exc)) from exc
    except (OSError, SyntaxError, ValueError, KeyError, IndexError, EOFError) as exc:
        raise ImageRejected(str(exc)) from exc
    return out.getvalue(), image_format


class SafeImageField(WagtailImageField):
    """Wagtail's image field, which first decodes the whole upload and keeps only its pixels.

    Wagtail's own checks (file size, format, pixel count) then run on the clean file; the raw
    upload is only ever read here.
    """

    def to_python(self, data):
        if not isinstance(data, UploadedFile):
            return super().to_python(data)
        if self.max_upload_size is not None and data.size > self.max_upload_size:
            return super().to_python(data)  # Wagtail's "file too big" message
        data.seek(0)
        try:
            clean, _ = reencode(data.read())
        except ImageTooLarge as exc:
            raise forms.ValidationError(TOO_LARGE, code="file_too_large") from exc
        except ImageRejected as exc:
            raise forms.ValidationError(UNREADABLE, code="invalid_image") from exc
        return super().to_python(
            SimpleUploadedFile(data.name, clean, content_type=data.content_type)
        )


class SafeImageForm(BaseImageForm):
    """Wagtail's image form (every admin image form is built on it) with ``SafeImageField``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if isinstance(field, WagtailImageField):
            # Wagtail builds this field itself (formfield_for_dbfield, with its size limits and
            # widget); only its cleaning changes, so its class is narrowed in place.
            field.__class__ = SafeImageField
