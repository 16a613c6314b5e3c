"""Logging in and out, passwords (Django's views, German templates; the reset mail through the outbox), the own
account (``account:…``) and the team invitation link, all under ``accounts/``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from arbeitskreis import account_views, handover_views
from arbeitskreis.accounts import LoginForm, OutboxPasswordResetForm, UnlockingSetPasswordForm

account_patterns = (
    [
        path("profile/", account_views.profile, name="profile"),
        path("handovers/<int:pk>/", handover_views.account_handover, name="handover"),
        path("handovers/<int:pk>/report.pdf", handover_views.account_report, name="handover-report"),
        path("invitation/", account_views.invitation_page, name="invitation"),
        path("invitation/<token:token>/", account_views.invitation_entry, name="invitation-entry"),
    ],
    "account",
)

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(form_class=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=OutboxPasswordResetForm),
        name="password_reset",
    ),
    path("password_reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=UnlockingSetPasswordForm),
        name="password_reset_confirm",
    ),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include(account_patterns)),
]
