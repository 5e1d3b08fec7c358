from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.forms import DeleteAccountForm, ProfileForm
from accounts.services import account_delete
from core.ratelimit import limit_hit


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile is saved.")
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """Asks for the password and the typed phrase, then deletes the account and every session it has."""
    if request.method == "POST":
        tries = limit_hit(scope="delete-account", client=str(request.user.pk), per_minute=5)
        if not tries.allowed:
            response = render(
                request,
                "accounts/delete_account.html",
                {"form": DeleteAccountForm(user=request.user), "too_many": True},
                status=429,
            )
            response["Retry-After"] = str(tries.retry_after)
            return response
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            account_delete(user=request.user, request=request)
            messages.success(request, "Your account and all of your data have been deleted.")
            return redirect("home")
        return render(request, "accounts/delete_account.html", {"form": form}, status=400)
    return render(request, "accounts/delete_account.html", {"form": DeleteAccountForm(user=request.user)})
