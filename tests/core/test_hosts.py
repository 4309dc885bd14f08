"""core.hosts: the Host header validated once per process, refused every time it is refused."""

import pytest
from django.core.exceptions import DisallowedHost
from django.test import RequestFactory, override_settings

from core import hosts
from core.hosts import request_hostname


@pytest.fixture(autouse=True)
def forgotten():
    hosts._accepted.clear()
    yield
    hosts._accepted.clear()


def request(host):
    return RequestFactory().get("/fr/", HTTP_HOST=host)


@override_settings(ALLOWED_HOSTS=[".example.test"])
def test_the_port_is_dropped_and_the_name_lower_cased():
    assert request_hostname(request("Ville.Example.test:8443")) == "ville.example.test"
    assert request_hostname(request("Ville.Example.test:8443")) == "ville.example.test"


@override_settings(ALLOWED_HOSTS=[".example.test"])
def test_a_refused_host_is_refused_every_time():
    request_hostname(request("ville.example.test"))
    for _ in range(2):
        with pytest.raises(DisallowedHost):
            request_hostname(request("evil.test"))
    assert "evil.test" not in hosts._accepted


def test_a_host_accepted_once_is_refused_after_allowed_hosts_change():
    with override_settings(ALLOWED_HOSTS=["ville.example.test"]):
        assert request_hostname(request("ville.example.test")) == "ville.example.test"
    with override_settings(ALLOWED_HOSTS=["autre.example.test"]), pytest.raises(DisallowedHost):
        request_hostname(request("ville.example.test"))


@override_settings(ALLOWED_HOSTS=[".example.test"])
def test_what_it_remembers_is_bounded(monkeypatch):
    monkeypatch.setattr(hosts, "REMEMBERED", 3)
    for number in range(10):
        request_hostname(request(f"t{number}.example.test"))
    assert len(hosts._accepted) <= 3


@override_settings(ALLOWED_HOSTS=[".lyonne.test", "lyonne.test"])
def test_a_disallowed_host_gets_a_400_even_after_a_cached_page(client, two_territories):
    a, _ = two_territories
    assert client.get("/fr/", HTTP_HOST=a.host).status_code == 200
    assert client.get("/fr/", HTTP_HOST=a.host)["X-Page-Cache"] == "hit"
    assert client.get("/fr/", HTTP_HOST="sevre.test").status_code == 400
