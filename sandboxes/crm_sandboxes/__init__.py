"""Local HTTP sandboxes speaking the Copper and Pipedrive API contracts, for tests and demos."""

from crm_sandboxes.core.faults import FaultConfig
from crm_sandboxes.core.options import SandboxOptions
from crm_sandboxes.runner import KINDS, Sandbox, build_app, run_sandbox, start_sandbox

__all__ = [
    "KINDS",
    "FaultConfig",
    "Sandbox",
    "SandboxOptions",
    "build_app",
    "run_sandbox",
    "start_sandbox",
]
