"""django-csp's middleware, with the policy of an ordinary response built once.

django-csp builds the ``Content-Security-Policy`` header (and its report-only twin) anew for
every response: two dataclass conversions and two policy builds, about half a millisecond,
as much as the public survey's whole answer otherwise costs (``bench/README.md``). A response
without a nonce, without a per-view policy (``csp_update``, ``csp_replace``, ``csp_exempt``
and their report-only forms) and outside ``EXCLUDE_URL_PREFIXES`` always gets the same
headers, so those are built once (by django-csp itself) and copied; every other response
goes through django-csp unchanged. The copy is dropped when the settings change.
"""

from __future__ import annotations

from csp import middleware as csp
from csp.constants import HEADER, HEADER_REPORT_ONLY
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpRequest, HttpResponse

PER_RESPONSE = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
_plain: dict[str, str] | None = None


class CSPMiddleware(csp.CSPMiddleware):
    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None) is not None
            or (settings.DEBUG and response.status_code in (404, 500))
            or HEADER in response
            or HEADER_REPORT_ONLY in response
            or any(hasattr(response, name) for name in PER_RESPONSE)
            or _excluded(request.path_info)
        ):
            return super().process_response(request, response)
        for name, value in self._plain_headers().items():
            response[name] = value
        # as django-csp does: a nonce asked for after the header was written is an error
        request.csp_nonce = csp.CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _plain_headers(self) -> dict[str, str]:
        global _plain
        if _plain is None:
            blank = HttpRequest()
            blank.path_info = "/"
            built = super().process_response(blank, HttpResponse())
            _plain = {h: built[h] for h in (HEADER, HEADER_REPORT_ONLY) if h in built}
        return _plain


def _excluded(path: str) -> bool:
    for name in ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"):
        prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
        if prefixes and path.startswith(tuple(prefixes)):
            return True
    return False


def _forget(setting, **kwargs):
    global _plain
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        _plain = None


setting_changed.connect(_forget, dispatch_uid="teekond-csp-plain")
