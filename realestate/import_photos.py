"""Photos of an offer import, taken from the zip uploaded with the file.

A zip is hostile until proven otherwise: only top-level entries are used (a name with a
folder, ``..`` or a drive is never a photo), the number of entries and their declared sizes
are capped before anything is read, at most ``cap + 1`` bytes of an entry are ever
decompressed (a lying header cannot inflate more), and each photo must pass the admin's
own upload checks (``core.images.SafeImageField``: extension, size, pixel count) and
Pillow's ``verify()``. Images go into the territory's collection, deduplicated by their
file hash (Wagtail's ``file_hash``), so that importing the same zip twice adds nothing.
"""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.utils.file import hash_filelike

from core.images import SafeImageField


class ArchiveError(ValueError):
    """The zip as a whole is refused: nothing of the import is written."""


class PhotoError(ValueError):
    """One photo is refused: the rows naming it are rejected with this message."""


def max_entries() -> int:
    return settings.TERRITORIA_OFFER_IMPORT_MAX_PHOTOS


def max_photo_bytes() -> int:
    return settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE


MAX_RATIO = 100  # declared size / compressed size beyond which an entry is a bomb


@dataclass
class Photo:
    name: str
    data: bytes
    file_hash: str


def is_top_level(name: str) -> bool:
    return bool(name) and "/" not in name and "\\" not in name and name not in (".", "..")


class PhotoArchive:
    """The zip's top-level entries, each read and checked once, when a row names it."""

    def __init__(self, fileobj):
        try:
            self.zip = zipfile.ZipFile(fileobj)
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise ArchiveError(_("The photos file is not a readable zip archive.")) from error
        if len(infos) > max_entries():
            raise ArchiveError(
                _("The zip holds %(count)d entries; at most %(max)d photos per import.")
                % {"count": len(infos), "max": max_entries()}
            )
        total = sum(info.file_size for info in infos)
        limit = max_entries() * max_photo_bytes()
        if total > limit:
            raise ArchiveError(
                _("The zip would expand to %(size)s; at most %(max)s.")
                % {"size": filesizeformat(total), "max": filesizeformat(limit)}
            )
        self.entries = {}
        self.ignored = []  # entries in folders, and traversal attempts: never read
        for info in infos:
            if info.is_dir() or info.filename.startswith("__MACOSX/"):
                continue
            if is_top_level(info.filename):
                self.entries[info.filename] = info
            else:
                self.ignored.append(info.filename)
        self._checked: dict[str, Photo | PhotoError] = {}

    def photo(self, name: str) -> Photo:
        if name not in self._checked:
            try:
                self._checked[name] = self._read(name)
            except PhotoError as error:
                self._checked[name] = error
        found = self._checked[name]
        if isinstance(found, PhotoError):
            raise found
        return found

    def _read(self, name: str) -> Photo:
        if not is_top_level(name):
            raise PhotoError(
                _("“%(name)s”: name a file at the top of the zip, without a folder.")
                % {"name": name}
            )
        info = self.entries.get(name)
        if info is None:
            raise PhotoError(_("“%(name)s” is not in the zip.") % {"name": name})
        cap = max_photo_bytes()
        if info.flag_bits & 0x1:
            raise PhotoError(_("“%(name)s” is encrypted.") % {"name": name})
        if info.file_size > cap:
            raise PhotoError(
                _("“%(name)s” is larger than %(max)s.") % {"name": name, "max": filesizeformat(cap)}
            )
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            raise PhotoError(
                _("“%(name)s” is compressed beyond any photo's ratio (a zip bomb?).")
                % {"name": name}
            )
        try:
            with self.zip.open(info) as entry:
                data = entry.read(cap + 1)
        except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
            raise PhotoError(
                _("“%(name)s” cannot be read from the zip.") % {"name": name}
            ) from error
        if len(data) > cap:  # the header lied about the size
            raise PhotoError(
                _("“%(name)s” is larger than %(max)s.") % {"name": name, "max": filesizeformat(cap)}
            )
        try:
            SafeImageField().clean(SimpleUploadedFile(name, data))
            with PILImage.open(io.BytesIO(data)) as image:
                image.verify()
        except ValidationError as error:
            raise PhotoError(f"“{name}”: {' '.join(error.messages)}") from error
        except Exception as error:  # Pillow's verify() raises whatever the decoder found
            raise PhotoError(_("“%(name)s” is not a valid image.") % {"name": name}) from error
        return Photo(name=name, data=data, file_hash=hash_filelike(io.BytesIO(data)))


def territory_collections(territory):
    return Collection.objects.descendant_of(territory.collection, inclusive=True)


def existing_images(territory, hashes) -> dict:
    """The territory's images with these file hashes (never another territory's)."""
    Image = get_image_model()
    found = {}
    images = Image.objects.filter(
        collection__in=territory_collections(territory), file_hash__in=set(hashes)
    ).order_by("pk")
    for image in images:
        found.setdefault(image.file_hash, image)
    return found


def image_create(*, territory, photo: Photo, title: str, user=None):
    """A new image of the territory's collection from a checked photo."""
    Image = get_image_model()
    image = Image(
        title=title[:255] or photo.name,
        collection=territory.collection,
        uploaded_by_user=user,
        file=ImageFile(io.BytesIO(photo.data), name=photo.name),
    )
    image._set_image_file_metadata()
    image.save()
    return image
