from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "wijkregie.tasks"
    label = "tasks"
    verbose_name = "Termijnen en taken"
