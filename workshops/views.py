from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from discussion.pages import discussion_context
from discussion.selectors import thread_for_key
from summit import selectors as summit_selectors
from summit.caching import cached_page
from summit.transitions import InvalidTransition
from workshops import permissions, selectors, services
from workshops.forms import PracticeFilterForm, PracticeForm, PracticeImageForm
from workshops.models import BestPractice

PAGE_SIZE = 12


@require_GET
@cached_page(seconds=30, signed_in=True)
def practice_list(request):
    """Approved practices; filters and search work as a plain GET form and, with htmx, update the list in place."""
    form = PracticeFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {
            "topic": form.cleaned_data["topic"],
            "city": form.cleaned_data["city"],
            "query": form.cleaned_data["q"],
        }
    page = Paginator(selectors.practices_public(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "filtered": any(filters.values())}
    template = "workshops/practice_list.html#practice-results" if request.htmx else "workshops/practice_list.html"
    return render(request, template, context)


@require_GET
@cached_page(seconds=30, signed_in=True)
def practice_detail(request, pk):
    practice = get_object_or_404(selectors.practices_public(), pk=pk)
    thread = thread_for_key(key=f"practice:{practice.pk}")
    context = {
        "practice": practice,
        "images": selectors.practice_public_images(practice=practice),
        "related": selectors.practices_related(practice=practice),
    }
    context.update(discussion_context(request, thread))
    return render(request, "workshops/practice_detail.html", context)


def _editor_practice(request, pk) -> BestPractice:
    """The practice if the user is a delegate of its city; a 404 for everyone else, so ids reveal nothing."""
    return get_object_or_404(selectors.practices_for_editor(user=request.user), pk=pk)


def _form_data(form) -> dict:
    return {field: form.cleaned_data[field] for field in services.EDITABLE_FIELDS}


@login_required
@require_http_methods(["GET", "POST"])
def practice_create(request):
    cities = summit_selectors.cities_of_delegate(user=request.user)
    if not cities:
        return render(request, "workshops/not_a_delegate.html", status=403)
    form = PracticeForm(request.POST or None, cities=cities)
    if request.method == "POST" and form.is_valid():
        practice = services.practice_create(
            city=form.cleaned_data.get("city") or cities[0], by=request.user, data=_form_data(form)
        )
        messages.success(request, _("Draft saved. Add photos, then submit it for review when it is ready."))
        return redirect("workshops:practice_edit", pk=practice.pk)
    return render(request, "workshops/practice_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def practice_edit(request, pk):
    practice = _editor_practice(request, pk)
    can_edit = permissions.can_edit_practice(request.user, practice)
    form = PracticeForm(instance=BestPractice.objects.get(pk=practice.pk)) if can_edit else None
    conflict = None
    status = 200
    if request.method == "POST" and can_edit:
        form = PracticeForm(request.POST, instance=BestPractice.objects.get(pk=practice.pk))
        if form.is_valid():
            try:
                services.practice_update(
                    practice=practice,
                    by=request.user,
                    data=_form_data(form),
                    version=form.cleaned_data["version"] or 0,
                )
            except services.PracticeConflict as error:
                conflict = _differences(form, error.current)
                # Saving again now is a conscious choice to keep this version.
                data = request.POST.copy()
                data["version"] = error.current.version
                form = PracticeForm(data, instance=error.current)
                form.is_valid()
                practice = error.current
                status = 409
            else:
                messages.success(request, _("Changes saved."))
                return redirect("workshops:practice_edit", pk=practice.pk)
        else:
            status = 400
    return _render_editor(request, practice, form=form, conflict=conflict, status=status)


def _differences(form, current: BestPractice) -> list[dict]:
    """The fields where what the editor sent differs from what is saved now."""
    rows = []
    for field in services.EDITABLE_FIELDS:
        theirs, yours = getattr(current, field), form.cleaned_data[field]
        if theirs != yours:
            rows.append(
                {
                    "label": form.fields[field].label,
                    "saved": _display(form, field, theirs),
                    "yours": _display(form, field, yours),
                }
            )
    return rows


def _display(form, field, value) -> str:
    if field == "links":
        return "\n".join(value)
    if field == "language":
        return dict(form.fields["language"].choices).get(value, value)
    return str(value)


def _render_editor(request, practice, *, form=None, image_form=None, conflict=None, status=200):
    can_edit = permissions.can_edit_practice(request.user, practice)
    return render(
        request,
        "workshops/practice_form.html",
        {
            "practice": practice,
            "form": form,
            "conflict": conflict,
            "can_edit": can_edit,
            "image_form": image_form or (PracticeImageForm() if can_edit else None),
            "images": selectors.practice_editor_images(practice=practice),
            "max_images": services.MAX_IMAGES,
            "transitions": practice.transitions.select_related("by")[:10],
        },
        status=status,
    )


@login_required
@require_POST
def practice_submit(request, pk):
    practice = _editor_practice(request, pk)
    try:
        services.practice_submit(practice=practice, by=request.user)
    except InvalidTransition:
        messages.error(request, _("This practice cannot be submitted in its current status."))
    else:
        messages.success(request, _("Submitted. The organisers will review it; you will hear from them by email."))
    return redirect("workshops:practice_edit", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def practice_withdraw(request, pk):
    practice = _editor_practice(request, pk)
    if not permissions.can_withdraw_practice(request.user, practice):
        messages.error(request, _("This practice has already been withdrawn."))
        return redirect("workshops:practice_edit", pk=pk)
    if request.method == "POST":
        services.practice_withdraw(practice=practice, by=request.user)
        messages.success(request, _("The practice has been withdrawn. It is no longer public or in review."))
        return redirect("me")
    return render(request, "workshops/practice_withdraw.html", {"practice": practice})


@login_required
@require_POST
def practice_image_add(request, pk):
    practice = _editor_practice(request, pk)
    if not permissions.can_edit_practice(request.user, practice):
        return redirect("workshops:practice_edit", pk=pk)
    form = PracticeImageForm(request.POST, request.FILES)
    if selectors.practice_editor_images(practice=practice).count() >= services.MAX_IMAGES:
        form.add_error(None, _("A practice can have at most %(count)d photos.") % {"count": services.MAX_IMAGES})
    if form.is_valid():
        services.practice_image_add(
            practice=practice,
            by=request.user,
            image=form.cleaned_data["image"],
            caption=form.cleaned_data["caption"],
            alt_text=form.cleaned_data["alt_text"],
        )
        messages.success(request, _("Photo added."))
        return redirect("workshops:practice_edit", pk=pk)
    form_instance = BestPractice.objects.get(pk=practice.pk)
    return _render_editor(request, practice, form=PracticeForm(instance=form_instance), image_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def practice_image_remove(request, pk, image_pk):
    practice = _editor_practice(request, pk)
    image = get_object_or_404(selectors.practice_editor_images(practice=practice), pk=image_pk)
    if not permissions.can_edit_practice(request.user, practice):
        return redirect("workshops:practice_edit", pk=pk)
    if request.method == "POST":
        services.practice_image_remove(image=image, by=request.user)
        messages.success(request, _("Photo removed."))
        return redirect("workshops:practice_edit", pk=pk)
    return render(request, "workshops/practice_image_remove.html", {"practice": practice, "image": image})
