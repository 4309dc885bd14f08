"""Django's system checks run outside any territory scope: in runserver's own thread (the
demo), and when a Celery worker starts. Wagtail's checks build every page's admin form, so a
form field that reads a territory-owned model's manager when the form class is made stopped
the demo and every worker (the news categories did)."""

import threading

import pytest
from django.core.checks import ERROR, run_checks


@pytest.mark.no_scope
def test_the_system_checks_pass_in_a_thread_outside_any_scope():
    found = []

    def check():
        try:
            found.extend(message for message in run_checks() if message.level >= ERROR)
        except Exception as error:  # the failure is what the test reports
            found.append(error)

    thread = threading.Thread(target=check)
    thread.start()
    thread.join()
    assert found == []
