"""The admin's image upload form, hardened against decompression bombs and corrupt files.

Wagtail checks ``WAGTAILIMAGES_MAX_IMAGE_PIXELS`` only after Willow has decoded the whole
image, so a small file declaring 8000 x 6000 pixels costs the web worker ~150 MB before it is
refused, and a truncated one raises OSError (a 500). Here the size declared in the header is
checked first, without decoding, and any decoding failure becomes a form error.
"""

import warnings

from django.core.exceptions import ValidationError
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


def declared_size(f) -> tuple[int, int] | None:
    """Width and height from the file's header (no pixel is decoded), or None if unknown."""
    position = f.tell()
    try:
        f.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(f) as image:
                return image.size
    except PILImage.DecompressionBombError:
        return (PILImage.MAX_IMAGE_PIXELS, 3)  # more than twice Pillow's limit: a bomb
    except Exception:  # not a format Pillow reads: Willow decides below
        return None
    finally:
        f.seek(position)


class SafeImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        size = declared_size(f)
        if size and self.max_image_pixels and size[0] * size[1] > self.max_image_pixels:
            raise ValidationError(
                self.error_messages["file_too_many_pixels"]
                % {"num_pixels": size[0] * size[1], "max_pixels_count": self.max_image_pixels},
                code="file_too_many_pixels",
            )
        try:
            super().check_image_pixel_size(f)
        except ValidationError:
            raise
        except Exception as exc:  # truncated or corrupt data behind a valid header
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from exc


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: Wagtail's form with the hardened file field.

    The field is swapped in ``__init__`` rather than declared, so that forms which exclude
    ``file`` (the multiple uploader's edit form) still do.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and not isinstance(field, SafeImageField):
            safe = SafeImageField(label=field.label, required=field.required, widget=field.widget)
            safe.disabled = field.disabled
            self.fields["file"] = safe
