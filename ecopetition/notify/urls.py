from django.urls import path

from . import views

app_name = "notify"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("unread/", views.unread, name="unread"),
    path("<int:pk>/open/", views.open_one, name="open"),
    path("read-all/", views.read_all, name="read_all"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/retry/", views.outbox_retry, name="outbox_retry"),
    path("calls/", views.calls, name="calls"),
    path("calls/<int:pk>/done/", views.call_done, name="call_done"),
    path("calls/<int:pk>/number/", views.call_reveal, name="call_reveal"),
]
