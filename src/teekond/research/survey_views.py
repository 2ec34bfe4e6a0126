"""The public micro-survey of one step: the page a link or QR code opens, and the same page
framed by another site as the embeddable widget (``?src=embed``). No login, no cookies.

An answer is taken only when
1. it comes from the survey's own page: the ``Origin`` (else ``Referer``) is this site or
   one of the survey's allowed embed origins (a request with neither, from a script, still
   needs 2);
2. it carries the page's signed form token (``formtoken``), bound to the survey and the
   idempotency key, and not older than ``formtoken.MAX_AGE``; the token replaces Django's
   CSRF check, which needs a cookie;
3. it is within the rate limits per client address (``core.clientip``), per survey and per
   idempotency key.
It is then stored once per idempotency key with one INSERT (``surveys.record_response``).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from teekond.core import emotions
from teekond.core.clientip import client_ip
from teekond.core.errors import Invalid, NotFound, Throttled
from teekond.research import formtoken, ratelimit, surveys
from teekond.research.models import Question, Source

# Public survey limits: generous for a real person answering a few touchpoints, tight enough
# that a script cannot flood a survey from one address or hammer one key. Counted in
# ``research.ratelimit`` (shared by all web processes unless there is only one).
RATE_PER_IP = (20, 600)  # answers per client address and survey per 10 minutes
RATE_PER_SURVEY = (2000, 3600)  # answers per survey (its public token) per hour
RATE_PER_KEY = (10, 600)  # sends of one idempotency key (so of one form token) per 10 minutes

SCALES = {
    "nps": list(range(0, 11)),
    "csat": list(range(1, 6)),
    "ces": list(range(1, 8)),
    "three": list(range(1, 6)),
}
ANSWER_FIELDS = ("nps", "csat", "ces", "effect", "ease", "emotion_rating", "emotion", "comment")


def limit_checks(config, key: str, ip: str) -> list[ratelimit.Check]:
    """The counters one answer moves, in the order they are checked (``ratelimit.allow``)."""
    return [
        (f"survey-key:{config.workspace_id}:{key}", *RATE_PER_KEY),
        (f"survey-ip:{config.pk}:{ip}", *RATE_PER_IP),
        (f"survey:{config.pk}", *RATE_PER_SURVEY),
    ]


def rate_address(ip: str) -> str:
    """What a limit counts: the address, or for IPv6 its /64 (one subscriber's block)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return ip


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def origin_allowed(request, config) -> bool:
    """Was this POST sent by the survey's own page (or a site allowed to embed it)?"""
    origin = request.headers.get("Origin")
    if origin is None:
        referer = request.headers.get("Referer")
        if not referer:
            return True  # not a browser form (a script or a privacy proxy): the token decides
        origin = _origin_of(referer)
    origin = origin.strip().lower()
    if not origin or origin == "null":
        return False
    # This site under any scheme: behind a TLS proxy the request itself may look like http.
    if urlsplit(origin).netloc == request.get_host().lower():
        return True
    allowed = {_origin_of(settings.SITE_URL), *(o.lower() for o in settings.CSRF_TRUSTED_ORIGINS)}
    return origin in allowed or origin in (config.embed_origins or [])


_thanks_pages: dict[tuple, str] = {}


def thanks(request, lang: str, embed: bool) -> HttpResponse:
    """The thank-you page: the same for every survey in one language, so rendered once per
    language and process (it was a sixth of an answer's time)."""
    key = ("thanks", lang, embed)
    if key not in _thanks_pages:
        with translation.override(lang):
            context = {"lang": lang, "embed": embed}
            _thanks_pages[key] = render_to_string("research/survey_thanks.html", context)
    return HttpResponse(_thanks_pages[key])


def busy(request, lang: str, embed: bool) -> HttpResponse:
    """Refused by a rate limit: the same page for every survey in one language."""
    key = ("busy", lang, embed)
    if key not in _thanks_pages:
        with translation.override(lang):
            context = {"lang": lang, "embed": embed}
            _thanks_pages[key] = render_to_string("research/survey_busy.html", context)
    return HttpResponse(_thanks_pages[key], status=Throttled.status)


def survey_language(request, form=None) -> str:
    """The page's language: asked for (``lang``, in the query or ``form``, by default the
    POST), else the browser's."""
    chosen = request.GET.get("lang") or (request.POST if form is None else form).get("lang")
    if chosen in ("et", "en"):
        return chosen
    return translation.get_language_from_request(request, check_path=False)[:2]


def _survey_context(config, lang, source, data=None, errors=None, embed=False, customer=None):
    segment = customer.segment if customer else None
    key = (data or {}).get("key") or surveys.new_idempotency_key()
    return {
        "config": config,
        "step": config.step,
        "lang": lang,
        "source": source,
        "embed": embed,
        # a personal link: passed on with the answer, never shown
        "customer_ref": (data or {}).get("c", ""),
        "asks": {q: config.asks(q, segment) for q in Question.values},
        "scales": SCALES,
        "emotion_choices": [(e.key, e.name(lang), e.valence) for e in emotions.VOCABULARY],
        "key": key,
        "form_token": formtoken.make(config.token, key),
        "data": data or {},
        "errors": errors or [],
    }


@csrf_exempt  # the signed form token stands in for CSRF: this page sets no cookie
@require_http_methods(["GET", "POST"])
def survey(request, token):
    """The public micro-survey of one step. A POST carries the idempotency key and the form
    token generated into the page, so a retried submit stores nothing twice."""
    lang = survey_language(request)
    try:
        config = surveys.survey_by_token(token)
    except NotFound:
        with translation.override(lang):
            return render(request, "research/survey_closed.html", status=404)
    source = request.GET.get("src") or request.POST.get("src") or Source.WEB
    if source not in (Source.WEB, Source.QR, Source.EMBED):
        source = Source.WEB
    embed = source == Source.EMBED
    ref = request.GET.get("c") or request.POST.get("c") or ""
    customer = surveys.customer_from_link(config, ref)
    with translation.override(lang):
        if request.method == "GET":
            response = render(
                request,
                "research/survey.html",
                _survey_context(
                    config, lang, source, {"c": ref} if customer else None, None, embed, customer
                ),
            )
        else:
            response = _survey_post(request, config, lang, source, embed, customer)
    if embed:
        # The widget is framed by the customer's site: by the survey's embed origins when it
        # has some, else by any site.
        response.xframe_options_exempt = True
        response._csp_replace = {"frame-ancestors": list(config.embed_origins or ["*"])}
    return response


def _survey_post(request, config, lang, source, embed, customer=None):
    data = request.POST
    key = data.get("key", "")
    page = {"config": config, "lang": lang, "embed": embed}
    answer = {name: data.get(name) for name in ANSWER_FIELDS}

    def again(message, status):
        """The form once more, the visitor's answer kept, with a fresh token."""
        kept = {**answer, "key": key, "c": data.get("c", "") if customer else ""}
        errors = [{"field": "", "message": message}]
        context = _survey_context(config, lang, source, kept, errors, embed, customer)
        return render(request, "research/survey.html", context, status=status)

    if data.get("website"):  # the honeypot: people never see this field
        return thanks(request, lang, embed)
    if not origin_allowed(request, config):
        return render(request, "research/survey_refused.html", page, status=403)
    try:
        formtoken.check(data.get("form_token", ""), config.token, key)
    except formtoken.FormTokenError as exc:
        if exc.expired:
            return again(_("This form had expired. Check your answer and send it again."), 403)
        return again(_("This form could not be checked. Check your answer and send it again."), 403)
    ip = rate_address(client_ip(request))
    if not ratelimit.allow(limit_checks(config, key, ip)):
        return busy(request, lang, embed)
    try:
        surveys.record_response(
            config, answer, source=source, language=lang, idempotency_key=key, customer=customer
        )
    except Invalid as exc:
        kept = {**answer, "key": key, "c": data.get("c", "") if customer else ""}
        context = _survey_context(config, lang, source, kept, exc.details, embed, customer)
        return render(request, "research/survey.html", context, status=422)
    return thanks(request, lang, embed)
