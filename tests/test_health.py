"""Health checks for the load balancer and the orchestrator."""

from unittest import mock

from django.db import OperationalError, connection


def test_liveness_answers_without_touching_the_database(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]


def test_liveness_answers_even_when_the_database_is_out_of_reach(client):
    # Without the db fixture, pytest-django makes any database access an error.
    response = client.get("/healthz/")

    assert response.status_code == 200


def test_readiness_answers_when_the_database_does(client, db):
    response = client.get("/readyz/")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_readiness_reports_503_when_the_database_fails(client, db):
    broken = mock.MagicMock()
    broken.__enter__.return_value.execute.side_effect = OperationalError("connection refused")

    with mock.patch.object(connection, "cursor", return_value=broken):
        response = client.get("/readyz/")

    assert response.status_code == 503
    assert response.content == b"database unavailable"
    assert "no-cache" in response["Cache-Control"]


def test_readiness_is_never_cached(client, db):
    response = client.get("/readyz/")

    assert "max-age=0" in response["Cache-Control"]
