"""The admin's document upload form: one clear error per bad file.

Wagtail checks the size (``WAGTAILDOCS_MAX_UPLOAD_SIZE``) and emptiness in the form field and
the extension in ``Document.clean()``. When the field has already refused the file, the model
sees no file at all and adds "the extension « » is not allowed" under the real error: a
second, wrong message. It is dropped here.
"""

from wagtail.documents.forms import BaseDocumentForm


class DocumentForm(BaseDocumentForm):
    def _post_clean(self):
        refused = len(self._errors.get("file", ()))
        super()._post_clean()
        if refused:
            del self._errors["file"][refused:]
