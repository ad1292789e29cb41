from django.apps import AppConfig


class SampleKindConfig(AppConfig):
    name = "tests.sample_kind"
    label = "sample_kind"
    verbose_name = "热线转办（测试）"

    def ready(self) -> None:
        from . import kind  # noqa: F401  (registers the kind with casework)
