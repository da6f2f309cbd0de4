from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as account_views
from accounts.two_factor import admin_site_require_second_factor
from mentorship.project import health

# Coordinators sign in to the admin through allauth, so they get its rate limits and MFA, and
# reach no admin page without an authenticator code (before admin.site.urls is read below).
admin.site.login = secure_admin_login(admin.site.login)
admin_site_require_second_factor(admin.site)
admin.site.site_header = _("Co-op Mentoring: coordination")
admin.site.site_title = _("Co-op Mentoring")
admin.site.index_title = _("Run the programme")

urlpatterns = [
    path("", account_views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("matching/", include("matching.urls")),
    path("", include("mentorship.views.urls")),
    path("admin/", admin.site.urls),
]
