"""The newcomers' feedback of a working group: the coordinators' page with the public link, its QR code (SVG) and a
printable A4 poster (PDF), the answers and "not found" → content gap (``ak/<municipality>/<group>/newcomers/``); and
the public form itself (``n/<key>/``), in simple German and English.

The public form sets no cookie (no CSRF token, no session, no language cookie: the page is in both languages at
once), stores no personal data and takes at most ``NEWCOMER_ANSWERS_PER_HOUR`` answers per hour and link
(``networks.newcomers``): past the limit it says so (429) and stores nothing. A wrong key, a bad form or a flood
never end in a 500.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from arbeitskreis import languages
from arbeitskreis.access import ACTION, group_view
from arbeitskreis.shortcuts import error_text, group_url
from documents.cache import cached_pdf
from documents.responses import PdfResponse, PrivateFileResponse
from networks import newcomer_selectors as selectors
from networks import newcomers
from networks.forms import NewcomerForm
from networks.models import Found, NewcomerLink


@group_view
def overview(request, group):
    link = selectors.link_of(group)
    page = Paginator(selectors.answers_page(group), selectors.ANSWERS_PAGE_SIZE).get_page(request.GET.get("page"))
    values = selectors.figures(group.newcomer_answers.all())
    return render(
        request,
        "networks/newcomers.html",
        {
            "group": group,
            "link": link,
            "url": selectors.public_url(link) if link else "",
            "qr": selectors.qr_data_uri(link) if link else "",
            "page": page,
            "figures": values,
            "charts": selectors.charts(values, "newcomers"),
        },
    )


@group_view(methods=ACTION)
def link(request, group):
    """Make the public link, or renew it (``renew``: the old link and its printed QR codes stop working)."""
    renew = bool(request.POST.get("renew"))
    newcomers.open_link(group=group, renew=renew)
    if renew:
        messages.success(request, _("The link has been renewed. Please print the new QR code."))
    else:
        messages.success(request, _("The public link of the newcomers' feedback is ready."))
    return redirect(group_url("newcomers:overview", group))


def _link(group):
    return get_object_or_404(NewcomerLink.objects.filter(working_group=group))


@group_view
def qr(request, group):
    link = _link(group)
    return PrivateFileResponse(
        selectors.qr_svg(link).encode(),
        content_type="image/svg+xml",
        filename=_("QR code newcomers' feedback %(group)s.svg") % {"group": group.name},
    )


@group_view
def poster(request, group):
    """The A4 poster for language classes and waiting rooms: the QR code, the address and a few words in simple
    German and English."""
    link = _link(group)
    context = {"group": group, "url": selectors.public_url(link), "qr": selectors.qr_data_uri(link)}
    with translation.override("de"):
        html = render_to_string("networks/newcomer_poster.html", context)
    return PdfResponse(cached_pdf(html), filename=_("Poster newcomers' feedback %(group)s.pdf") % {"group": group.name})


@group_view(methods=ACTION)
def to_finding(request, group, pk):
    answer = get_object_or_404(group.newcomer_answers, pk=pk)
    try:
        finding = newcomers.record_as_finding(answer=answer, by=request.user)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return redirect(group_url("newcomers:overview", group))
    messages.success(request, _("The answer is now a content gap in the register."))
    return redirect(finding)


# --- The public form ------------------------------------------------------------------------------------------

# The texts of the public pages, shown in simple German and in English at once (``{{ t.key.de }}``, ``.en``): the
# German translations are written in simple language.
PUBLIC_TEXTS = {
    "title": gettext_lazy("Did you find what you need?"),
    "intro": gettext_lazy(
        "Tell us what you looked for in the Integreat app. We use your answer to make the app better. "
        "You do not need to give your name."
    ),
    "area": gettext_lazy("Which topic did you look for?"),
    "topic": gettext_lazy("What exactly did you look for? (you can leave this empty)"),
    "language": gettext_lazy("In which language did you read the app?"),
    "found": gettext_lazy("Did you find it?"),
    "missing": gettext_lazy("What was missing? (you can leave this empty)"),
    "no_names": gettext_lazy("Please do not write names, addresses or phone numbers."),
    "choose": gettext_lazy("please choose"),
    "send": gettext_lazy("Send"),
    "check": gettext_lazy("Please check your answers."),
    "error": gettext_lazy("Please check this answer."),
    "privacy": gettext_lazy(
        "Your answer is anonymous: we store no name, no address and no cookie, only your answer and the day."
    ),
    "thanks_title": gettext_lazy("Thank you!"),
    "thanks": gettext_lazy("Your answer has arrived. It helps to make the app better for everyone."),
    "again": gettext_lazy("Send another answer"),
    "busy_title": gettext_lazy("Too many answers at the moment"),
    "busy": gettext_lazy("Right now many answers arrive at once. Please try again in an hour. Thank you!"),
    "invalid_title": gettext_lazy("This link does not work"),
    "invalid": gettext_lazy("The link may be old. Please ask the person who gave it to you for the new one."),
    "yes": gettext_lazy("Yes, I found it."),
    "partly": gettext_lazy("Partly: something was missing."),
    "no": gettext_lazy("No, I did not find it."),
}


def _both(text) -> dict:
    with translation.override("de"):
        german = str(text)
    with translation.override("en"):
        english = str(text)
    return {"de": german, "en": english}


def _texts() -> dict:
    return {key: _both(text) for key, text in PUBLIC_TEXTS.items()}


def _public(response):
    """Headers of the public pages: not cached, not indexed, no referrer (the key is in the address)."""
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _page(request, template, context, status=200):
    with translation.override("de"):
        return _public(render(request, template, {"t": _texts(), **context}, status=status))


def _language_choices():
    """Each language as "German name / English name" (newcomers read one or the other)."""
    with translation.override("de"):
        german = {code: str(name) for code, name in languages.LANGUAGES}
    with translation.override("en"):
        english = {code: str(name) for code, name in languages.LANGUAGES}
    return [
        (code, german[code] if german[code] == english[code] else f"{german[code]} / {english[code]}")
        for code, _name in languages.LANGUAGES
    ]


def _not_found(request):
    return _page(request, "networks/public_invalid.html", {}, status=404)


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def public_form(request, key):
    link = selectors.link_for_key(key)
    if link is None:
        return _not_found(request)
    group = link.working_group
    form = NewcomerForm(request.POST if request.method == "POST" else None, group=group)
    if request.method == "POST" and form.is_valid():
        if not form.is_trap:
            try:
                newcomers.submit_answer(link=link, data=form.cleaned_data)
            except newcomers.TooManyAnswers:
                return _page(request, "networks/public_busy.html", {"group": group}, status=429)
        return _public(redirect("newcomer-form:thanks", key=link.key))
    found_choices = [(value, _both(PUBLIC_TEXTS[value])) for value in Found.values]
    context = {"group": group, "form": form, "languages": _language_choices(), "found_choices": found_choices}
    return _page(
        request,
        "networks/public_form.html",
        context,
    )


@require_safe
def public_thanks(request, key):
    link = selectors.link_for_key(key)
    if link is None:
        return _not_found(request)
    return _page(request, "networks/public_thanks.html", {"group": link.working_group, "key": link.key})
