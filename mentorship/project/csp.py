"""The Content Security Policy every page is served with (django-csp reads it from settings).

Scripts and styles only from our own files, never inline, so markup a member manages to slip
into a page cannot run. Images may be data: URIs (allauth's TOTP QR code, the navbar icon). The
same policy covers the admin: Django's admin has no inline script or style.
"""

from csp.constants import NONE, SELF

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
