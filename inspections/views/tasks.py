"""Pages of remediation tasks."""

from django.views.generic import DetailView, ListView

from ..selectors import tasks as task_selectors


class TaskListView(ListView):
    template_name = "inspections/remediationtask_list.html"
    context_object_name = "tasks"
    paginate_by = 50

    def get_queryset(self):
        return task_selectors.task_list_for_user(self.request.user)


class TaskDetailView(DetailView):
    template_name = "inspections/remediationtask_detail.html"
    context_object_name = "task"

    def get_object(self, queryset=None):
        return task_selectors.task_get_for_user(
            self.request.user, self.kwargs["task_id"]
        )
