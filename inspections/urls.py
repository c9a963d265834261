from django.urls import path

from .views import calendar_feeds, home, notifications, tasks

app_name = "inspections"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:task_id>/", tasks.TaskDetailView.as_view(), name="task_detail"),
    path(
        "notifications/",
        notifications.NotificationListView.as_view(),
        name="notification_list",
    ),
    path(
        "notifications/<int:notification_id>/read/",
        notifications.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/read-all/",
        notifications.notification_read_all,
        name="notification_read_all",
    ),
    path("calendar/", calendar_feeds.CalendarFeedView.as_view(), name="calendar_feed"),
    path(
        "calendar/new-address/",
        calendar_feeds.calendar_feed_regenerate_view,
        name="calendar_feed_regenerate",
    ),
    path(
        "calendar/revoke/",
        calendar_feeds.calendar_feed_revoke_view,
        name="calendar_feed_revoke",
    ),
    path(
        "calendar/<str:token>.ics",
        calendar_feeds.calendar_feed_ics,
        name="calendar_feed_ics",
    ),
]
