"""Airflow DAGs for this project's Meltano schedules: one DAG per job schedule, one task per
`meltano run` block, chained (the same shape as Meltano's airflow extension builds).

Airflow's dag-processor imports this file; it asks Meltano for the schedules
(`meltano schedule list --format=json`) so `meltano.yml` stays the one place they are defined.
Set `MELTANO_PROJECT_ROOT` (set for you by `meltano invoke airflow ...`) and, for production,
`MELTANO_ENVIRONMENT=prod`.
"""

from __future__ import annotations

import contextlib
import json
import os
import shlex
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

PROJECT_ROOT = Path(os.environ.get("MELTANO_PROJECT_ROOT", Path(__file__).resolve().parents[3]))
#: Schedules that only run on demand get no DAG.
MANUAL_INTERVALS = {"@once", "@manual", "@none"}


@dataclass(frozen=True)
class DagSpec:
    dag_id: str
    schedule: str
    commands: tuple[str, ...]
    tags: tuple[str, ...]


def meltano_executable(project_root: Path = PROJECT_ROOT) -> str:
    """The project's own Meltano (`make` installs it in .venv), else the one on PATH."""
    meltano = project_root / ".venv" / "bin" / "meltano"
    return str(meltano) if meltano.exists() else "meltano"


def dag_specs(
    schedules: dict, project_root: Path = PROJECT_ROOT, meltano: str = "meltano"
) -> list[DagSpec]:
    """DAGs for the job schedules of `meltano schedule list --format=json`."""
    specs = []
    for schedule in schedules.get("schedules", {}).get("job", []):
        interval = schedule.get("cron_interval") or schedule.get("interval")
        if not interval or interval in MANUAL_INTERVALS:
            continue
        job = schedule["job"]
        env = " ".join(f"{k}={shlex.quote(str(v))}" for k, v in (schedule.get("env") or {}).items())
        commands = tuple(
            f"cd {shlex.quote(str(project_root))} && {env + ' ' if env else ''}{meltano} run {task}"
            for task in job["tasks"]
        )
        specs.append(
            DagSpec(
                dag_id=f"meltano_{schedule['name']}_{job['name']}",
                schedule=interval,
                commands=commands,
                tags=("meltano", f"schedule:{schedule['name']}", f"job:{job['name']}"),
            )
        )
    return specs


def meltano_schedules(project_root: Path = PROJECT_ROOT) -> dict:
    listed = subprocess.run(
        [meltano_executable(project_root), "schedule", "list", "--format=json"],
        cwd=project_root,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(listed.stdout)


def build_dags() -> dict[str, object]:
    """Airflow DAG objects, keyed by id (imported only where Airflow runs)."""
    from airflow import DAG  # noqa: PLC0415 - Airflow is only installed on the scheduler
    from airflow.providers.standard.operators.bash import BashOperator  # noqa: PLC0415

    dags = {}
    for spec in dag_specs(meltano_schedules(), PROJECT_ROOT, meltano_executable()):
        with DAG(
            dag_id=spec.dag_id,
            schedule=spec.schedule,
            start_date=datetime(2026, 1, 1, tzinfo=timezone.utc),
            catchup=False,
            max_active_runs=1,
            default_args={"retries": 1},
            tags=list(spec.tags),
        ) as dag:
            previous = None
            for number, command in enumerate(spec.commands):
                task = BashOperator(task_id=f"run_{number}", bash_command=command)
                if previous is not None:
                    previous >> task
                previous = task
        dags[spec.dag_id] = dag
    return dags


with contextlib.suppress(ImportError):  # imported outside Airflow (tests, tools): no DAGs
    globals().update(build_dags())
