"""The page behind every invitation link, shared by every kind of invitation (a delegate's or facilitator's in
summit/views.py, a showing moderator's in exhibition/views_showings.py): the core's public interface for it, so that no
app imports another's views."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import login, logout
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from summit.forms import InvitationSignupForm
from summit.models import User
from summit.services import InvitationError

INVITATION_PROBLEM_STATUS = {"unknown": 404, "used": 410, "expired": 410}


def invitation_problem_page(request, error: InvitationError):
    return render(request, "summit/invitation_problem.html", {"reason": error.reason},
                  status=INVITATION_PROBLEM_STATUS[error.reason])  # fmt: skip


def invitation_page(
    request,
    *,
    email: str,
    lead: str,
    accept: Callable[[User], object],
    signup: Callable[[str, str], User],
    landing: str,
):
    """The page behind every invitation link (a delegate's, a facilitator's, a showing moderator's): accept with
    the account the link was sent to, sign out of another one, sign in first, or create the account. `accept(user)`
    and `signup(name, password)` are the invitation's own services; `landing` is where the person goes next."""
    user = request.user
    email_matches = user.is_authenticated and user.email.casefold() == email.casefold()
    has_account = User.objects.filter(email__iexact=email).exists()
    form = None

    if request.method == "POST" and request.POST.get("action") == "sign-out":
        logout(request)
        return redirect(request.path)
    if request.method == "POST" and email_matches:
        accept(user)
        messages.success(request, _("Welcome! Your invitation has been accepted."))
        return redirect(landing)
    if not user.is_authenticated and not has_account:
        form = InvitationSignupForm(request.POST or None, email=email)
        if request.method == "POST" and form.is_valid():
            new_user = signup(form.cleaned_data["name"], form.cleaned_data["password1"])
            login(request, new_user, backend="allauth.account.auth_backends.AuthenticationBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect(landing)

    return render(
        request,
        "summit/invitation_accept.html",
        {"email": email, "lead": lead, "form": form, "email_matches": email_matches, "has_account": has_account},
        status=400 if form is not None and form.errors else 200,
    )
