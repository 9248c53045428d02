"""The Airflow DAG file turns this project's Meltano schedules into DAG specs."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location(
    "meltano_schedules", ROOT / "orchestrate" / "airflow" / "dags" / "meltano_schedules.py"
)
dags = sys.modules["meltano_schedules"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dags)


def test_every_job_schedule_of_the_project_becomes_a_dag():
    listed = subprocess.run(
        [Path(sys.executable).parent / "meltano", "schedule", "list", "--format=json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    specs = {spec.dag_id: spec for spec in dags.dag_specs(json.loads(listed.stdout), ROOT)}
    copper = specs["meltano_copper-incremental_copper-to-hull"]
    assert copper.schedule == "*/5 * * * *"
    assert copper.commands == (f"cd {ROOT} && meltano run tap-copper target-hull",)
    assert "schedule:copper-incremental" in copper.tags
    assert "meltano_pipedrive-incremental_pipedrive-to-hull" in specs


def test_manual_schedules_get_no_dag_and_env_is_passed_on():
    schedules = {
        "schedules": {
            "job": [
                {"name": "once", "interval": "@manual", "job": {"name": "j", "tasks": ["a b"]}},
                {
                    "name": "nightly",
                    "interval": "@daily",
                    "cron_interval": "0 0 * * *",
                    "env": {"MELTANO_ENVIRONMENT": "prod"},
                    "job": {"name": "j", "tasks": ["tap-x target-hull", "tap-y target-hull"]},
                },
            ]
        }
    }
    (spec,) = dags.dag_specs(schedules, Path("/srv/project"))
    assert spec.dag_id == "meltano_nightly_j"
    assert spec.schedule == "0 0 * * *"
    assert spec.commands == (
        "cd /srv/project && MELTANO_ENVIRONMENT=prod meltano run tap-x target-hull",
        "cd /srv/project && MELTANO_ENVIRONMENT=prod meltano run tap-y target-hull",
    )
