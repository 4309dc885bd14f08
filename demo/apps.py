from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo territories behind `make demo` (`manage.py seed_demo`).

    It sits above the feature apps: it imports them to build its content, and nothing imports
    it, so taking it out of INSTALLED_APPS removes the demo and nothing else. No models, so
    no verbose name shows anywhere.
    """

    name = "demo"
