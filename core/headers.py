"""Response headers for private pages: no caching of health data, and no browser features the app never uses."""

from __future__ import annotations

from django.conf import settings

# Browser features Backtrack never uses, turned off for every page (and any frame it could be put in).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class PrivatePagesMiddleware:
    """Adds Permissions-Policy to every response, and ``Cache-Control: no-store, private`` to every
    response for a signed-in user or under NO_STORE_PATH_PREFIXES (pages that show health data to
    anyone, such as a triage result), unless the view chose its own Cache-Control.

    Without it a shared cache or the browser's back button could show one person's journal to the next.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.NO_STORE_PATH_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        private = (user is not None and user.is_authenticated) or request.path.startswith(self.prefixes)
        if private and "Cache-Control" not in response:
            response["Cache-Control"] = "no-store, private"
        return response
