from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from community import api as community_api
from families import api as families_api
from portal import api as portal_api
from portal import views
from programs import api as programs_api
from schools import api as schools_api

app_urls = (
    [
        path("", views.home, name="home"),
        path("after-login/", views.after_login, name="after-login"),
        path("elder-mode/", views.elder_mode, name="elder-mode"),
        path("workbench/", views.workbench, name="workbench"),
        path("inbox/", views.inbox, name="inbox"),
        path("inbox/<int:pk>/read/", views.read_notification, name="read-notification"),
        path("inbox/read-all/", views.read_all_notifications, name="read-all-notifications"),
        path(
            "settings/notifications/",
            views.notification_settings,
            name="notification-settings",
        ),
    ],
    "portal",
)

api_urls = (
    [
        path("", include(portal_api.urlpatterns)),
        path("", include(schools_api.urlpatterns)),
        path("", include(community_api.urlpatterns)),
        path("", include(families_api.urlpatterns)),
        path("", include(programs_api.urlpatterns)),
        path("", include("portal.dashboard.api")),
        path("schema/", SpectacularAPIView.as_view(), name="schema"),
        path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    ],
    "api",
)

urlpatterns = [
    path("", include(app_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("dashboard/", include("portal.dashboard.urls")),
    path("schools/", include("schools.urls")),
    path("community/", include("community.urls")),
    path("family/", include("families.urls")),
    path("care/", include("programs.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include(api_urls)),
    path("admin/", admin.site.urls),
]

handler404 = "portal.api_errors.page_not_found"
