from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .company_admin import CompanyDirectoryViewSetGroup, CompanyImportViewSet
from .views import KeyFigureViewSet, NewsCategoryViewSet

register_snippet(KeyFigureViewSet)
register_snippet(NewsCategoryViewSet)
register_snippet(CompanyDirectoryViewSetGroup)


@hooks.register("register_admin_viewset")
def register_company_imports():
    return CompanyImportViewSet("company_imports", url_prefix="company_imports")
