"""The `crm-sandbox` command: serve (until SIGTERM) and dump."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import requests

from crm_sandboxes.cli import main


def test_serve_both_kinds_prints_urls_and_credentials() -> None:
    command = [sys.executable, "-m", "crm_sandboxes.cli", "serve", "copper", "pipedrive",
               "--port", "0", "--port", "0", "--size", "60", "--json", "--rate-limit", "1000"]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        copper, pipedrive = (json.loads(process.stdout.readline()) for _ in range(2))
        assert copper["url"].endswith("/developer_api/v1")
        assert copper["credentials"] == {"api_key": "sandbox-copper-key",
                                         "email": "sandbox@example.com"}  # fmt: skip
        people = requests.post(f"{copper['url']}/people/search", json={"page_size": 5},
                               headers=copper["auth_headers"])  # fmt: skip
        assert people.status_code == 200
        persons = requests.get(f"{pipedrive['url']}/api/v2/persons",
                               headers={"x-api-token": "sandbox-pipedrive-token"})  # fmt: skip
        assert persons.json()["success"] is True
        assert requests.get(f"{copper['root_url']}/_sandbox/health").json()["size"] == 60
    finally:
        process.terminate()
        assert process.wait(timeout=5) == 0


def test_dump_prints_the_dataset(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["dump", "pipedrive", "--size", "40", "--entity", "users"]) == 0
    users = json.loads(capsys.readouterr().out)["users"]
    assert users[0]["email"] == "sandbox@example.com"


def test_bad_arguments_exit_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "copper", "--port", "0", "--port", "0"]) == 2
    assert "--port" in capsys.readouterr().err
    assert main(["dump", "copper", "--overlap", "3"]) == 2
