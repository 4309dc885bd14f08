"""An investor's account page, with their data export and account deletion; allauth does
sign-in, sign-up, email addresses, passwords and two-factor authentication."""

import json

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from wagtail import hooks

from .forms import AccountDeleteForm, ProfileForm
from .hooks import ACCOUNT_SECTIONS
from .services import account_data_export, account_delete, has_admin_access


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("account")
    sections = []
    for contribute in hooks.get_hooks(ACCOUNT_SECTIONS):
        sections.extend(contribute(request) or [])
    context = {
        "form": form,
        "sections": sorted(sections, key=lambda section: section.get("order", 100)),
        "has_totp": Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        "is_staff_account": has_admin_access(user),
    }
    return render(request, "users/account.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
@require_GET
def account_export(request):
    data = account_data_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="territoria-my-data-{stamp}.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account_delete_view(request):
    user = request.user
    if has_admin_access(user):
        return render(request, "users/account_delete.html", {"refused": True}, status=403)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account_delete(user=user)
        logout(request)
        messages.success(request, _("Your account and its data were deleted."))
        return redirect("home")
    status = 400 if form.errors else 200
    return render(request, "users/account_delete.html", {"form": form}, status=status)
