from django.urls import path

from apps.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.LoginView.as_view(), name="login"),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path("doi-mat-khau/xong/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("tai-khoan/api-token/", views.api_tokens, name="api_tokens"),
    path("tai-khoan/api-token/tao/", views.api_token_create_view, name="api_token_create"),
    path("tai-khoan/api-token/<int:pk>/thu-hoi/", views.api_token_revoke_view, name="api_token_revoke"),
]
