from django.urls import path

from .views import home, tasks

app_name = "inspections"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("tasks/", tasks.TaskListView.as_view(), name="task_list"),
    path("tasks/<int:task_id>/", tasks.TaskDetailView.as_view(), name="task_detail"),
]
