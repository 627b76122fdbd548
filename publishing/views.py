"""Public updates, as the committee writes, reviews, publishes, corrects and withdraws them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees import access, selectors
from committees.access import Cap
from committees.forms import WithdrawForm
from publishing import services
from publishing.forms import UpdateForm
from publishing.models import PublicUpdate, PublicUpdateTranslation
from publishing.services import OTHER_LANGUAGES
from safety_portal.view_helpers import (
    committee_or_404,
    form_page,
    post_action,
    require,
    say_findings,
    say_proposed,
    send_back,
)

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _update(request, pk) -> PublicUpdate:
    """An update of a committee the reader belongs to (the public reads public pages)."""
    translations = access.visible(request.user, PublicUpdateTranslation.objects.all())
    committees = access.committees_where(request.user, Cap.VIEW)
    return selectors.get_visible_or_404(
        request.user,
        PublicUpdate.objects.select_related(
            "committee__district",
            "committee__building",
            "written_by",
            "published_by",
            "sent_back_by",
        ).prefetch_related(Prefetch("translations", queryset=translations)),
        pk=pk,
        committee_id__in=committees,
    )


@login_required
def update_list(request, pk):
    committee = committee_or_404(request, pk)
    updates = access.visible(
        request.user, PublicUpdate.objects.filter(committee=committee)
    ).select_related("written_by")
    page = Paginator(updates.order_by("-created_at", "-id"), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "publishing/update_list.html",
        {
            "committee": committee,
            "page": page,
            "can_draft": access.can(request.user, Cap.DRAFT_PUBLIC_UPDATE, committee),
        },
    )


@login_required
def update_new(request, pk):
    committee = committee_or_404(request, pk)
    require(request, Cap.DRAFT_PUBLIC_UPDATE, committee)
    return form_page(
        request,
        UpdateForm(request.POST or None),
        save=lambda data: services.update_save(committee=committee, by=request.user, **data),
        said=lambda saved: say_findings(request, saved[1]),
        done=lambda saved: ("publishing:update", saved[0].pk),
        template="publishing/update_form.html",
        context={"committee": committee, "heading": _("Write a public update")},
    )


@login_required
def update_detail(request, pk):
    update = _update(request, pk)
    user = request.user
    translations = {t.language: t for t in update.translations.all()}
    return render(
        request,
        "publishing/update_detail.html",
        {
            "update": update,
            "committee": update.committee,
            "findings": [] if update.published_at else services.update_findings(update=update),
            "languages": [
                (code, LANGUAGE_NAMES[code], translations.get(code)) for code in OTHER_LANGUAGES
            ],
            "can_draft": access.can(user, Cap.DRAFT_PUBLIC_UPDATE, update),
            "can_publish": access.can(user, Cap.PUBLISH_PUBLIC_UPDATE, update),
            "withdraw_form": WithdrawForm(),
            "pending": selectors.public_text_pending(
                user, update=[update.pk], translation=[update.pk]
            ),
        },
    )


@login_required
def update_edit(request, pk):
    """A draft is rewritten; a published update's correction is proposed for review."""
    update = _update(request, pk)
    published = update.published_at is not None
    require(request, Cap.DRAFT_PUBLIC_UPDATE, update)

    def save(data):
        if published:
            return services.update_correct(update=update, by=request.user, **data)
        return services.update_save(
            committee=update.committee, update=update, by=request.user, **data
        )

    def said(saved):
        if published:
            say_proposed(request, saved)
        else:
            say_findings(request, saved[1])

    heading = _("Correct the published update") if published else _("Edit the draft")
    return form_page(
        request,
        UpdateForm(request.POST or None, initial={"title": update.title, "body": update.body}),
        save=save,
        said=said,
        done=lambda _: ("publishing:update", update.pk),
        template="publishing/update_form.html",
        context={"committee": update.committee, "update": update, "heading": heading},
    )


@login_required
@require_POST
def update_publish(request, pk):
    update = _update(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, update)
    return post_action(
        request,
        lambda: services.update_publish(update=update, by=request.user),
        said=_("Published."),
        back=redirect("publishing:update", pk=update.pk),
    )


@login_required
@require_POST
def update_withdraw(request, pk):
    update = _update(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, update)
    form = WithdrawForm(request.POST)
    return post_action(
        request,
        lambda: services.update_withdraw(update=update, by=request.user, **form.cleaned_data),
        form=form,
        invalid=_("Say why it is withdrawn."),
        said=_("Withdrawn: it is off the public pages and feeds."),
        back=redirect("publishing:update", pk=update.pk),
    )


@login_required
def update_translation(request, pk, language):
    update = _update(request, pk)
    if language not in OTHER_LANGUAGES:
        raise Http404("No such language.")
    require(request, Cap.DRAFT_PUBLIC_UPDATE, update)
    existing = next((t for t in update.translations.all() if t.language == language), None)
    initial = {"title": existing.title, "body": existing.body} if existing else {}

    def said(saved):
        if update.published_at is None:
            messages.success(
                request,
                _("%(language)s translation saved.") % {"language": LANGUAGE_NAMES[language]},
            )
        else:
            say_proposed(request, saved)

    return form_page(
        request,
        UpdateForm(request.POST or None, initial=initial),
        save=lambda data: services.update_translation_save(
            update=update, language=language, by=request.user, **data
        ),
        said=said,
        done=lambda _: ("publishing:update", update.pk),
        template="publishing/update_form.html",
        context={
            "committee": update.committee,
            "update": update,
            "heading": _("%(language)s translation") % {"language": LANGUAGE_NAMES[language]},
            "language": language,
        },
    )


@login_required
@require_POST
def update_send_back(request, pk):
    """A reviewer returns the draft update to its author with a comment."""
    update = _update(request, pk)
    require(request, Cap.PUBLISH_PUBLIC_UPDATE, update)
    return send_back(
        request,
        lambda **data: services.update_send_back(update=update, by=request.user, **data),
        back=redirect("publishing:update", pk=update.pk),
    )
