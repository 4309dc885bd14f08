import pytest


@pytest.mark.django_db
def test_admin_404_stays_a_404_not_a_redirect_to_a_public_page(client, two_territories):
    a, _ = two_territories
    client.force_login(a.editor)
    response = client.get("/admin/pages/999999/edit/", HTTP_HOST=a.host)
    assert response.status_code == 404


@pytest.mark.django_db
def test_public_path_without_language_is_redirected_to_its_prefixed_url(client, two_territories):
    a, _ = two_territories
    response = client.get("/actualites/", HTTP_HOST=a.host, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 302
    assert response["Location"] == "/fr/actualites/"
