"""`crm-sandbox serve copper pipedrive ...` serves sandboxes until killed;
`crm-sandbox dump copper ...` prints a dataset as JSON."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

from crm_sandboxes.core.faults import FaultConfig
from crm_sandboxes.runner import KINDS, Sandbox, build_app, start_sandbox

DEFAULT_PORTS = {"copper": 8801, "pipedrive": 8802}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except (ValueError, TypeError, OSError) as exc:
        print(f"crm-sandbox: {exc}", file=sys.stderr)
        return 2


def serve(args: argparse.Namespace) -> int:
    kinds: list[str] = list(dict.fromkeys(args.kinds))
    ports = args.port or [DEFAULT_PORTS[kind] for kind in kinds]
    if len(ports) != len(kinds):
        raise ValueError("give --port once per sandbox kind (or not at all)")
    faults = FaultConfig(
        error_rate=args.fault_rate,
        error_statuses=tuple(int(s) for s in args.fault_statuses.split(",")),
        throttle_rate=args.throttle_rate,
        throttle_burst=args.throttle_burst,
        slow_rate=args.slow_rate,
        slow_seconds=args.slow_seconds,
        drop_rate=args.drop_rate,
        seed=args.fault_seed,
    )
    sandboxes: list[Sandbox] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        for kind, port in zip(kinds, ports, strict=True):
            options = _options(args, kind)
            sandbox = start_sandbox(kind, host=args.host, port=port, faults=faults, **options)
            sandboxes.append(sandbox)
            print(_describe(sandbox, args.json), flush=True)
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        for sandbox in sandboxes:
            sandbox.stop()
    return 0


def dump(args: argparse.Namespace) -> int:
    app = build_app(args.kind, **_options(args, args.kind))
    names = [args.entity] if args.entity else app.store.entity_names
    json.dump({name: app.store.records(name) for name in names}, sys.stdout)
    sys.stdout.write("\n")
    return 0


def _options(args: argparse.Namespace, kind: str) -> dict[str, Any]:
    options: dict[str, Any] = {
        "seed": args.seed,
        "size": args.size,
        "population_seed": args.population_seed,
        "overlap": args.overlap,
    }
    for name in ("rate_limit", "rate_window", "search_cap", "daily_budget", "budget_period",
                 "abuse_threshold", "abuse_block_seconds"):  # fmt: skip
        if getattr(args, name, None) is not None:
            options[name] = getattr(args, name)
    api_key = {"copper": "copper_key", "pipedrive": "pipedrive_token"}[kind]
    api_key = getattr(args, api_key, None)
    if api_key:
        options["api_key"] = api_key
    if kind == "copper" and getattr(args, "copper_email", None):
        options["email"] = args.copper_email
    return options


def _describe(sandbox: Sandbox, as_json: bool) -> str:
    info = {
        "kind": sandbox.kind,
        "url": sandbox.url,
        "root_url": sandbox.root_url,
        "credentials": sandbox.credentials,
        "auth_headers": sandbox.auth_headers,
    }
    if as_json:
        return json.dumps(info)
    headers = "\n".join(f"    {name}: {value}" for name, value in sandbox.auth_headers.items())
    return (
        f"{sandbox.kind} sandbox: {sandbox.url}\n  auth headers:\n{headers}\n"
        f"  control: {sandbox.root_url}/_sandbox/health"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="crm-sandbox", description=__doc__)
    commands = parser.add_subparsers(required=True, dest="command")

    serve_cmd = commands.add_parser("serve", help="serve one or more sandboxes until killed")
    serve_cmd.add_argument("kinds", nargs="+", choices=sorted(KINDS), metavar="KIND",
                           help="copper and/or pipedrive")  # fmt: skip
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, action="append",
                           help="once per KIND, in order; 0 picks a free port "
                                "(default: copper 8801, pipedrive 8802)")  # fmt: skip
    _dataset_arguments(serve_cmd)
    limits = serve_cmd.add_argument_group("limits")
    limits.add_argument(
        "--rate-limit", type=int, help="requests per window (default: copper 180, pipedrive 20)"
    )
    limits.add_argument(
        "--rate-window", type=float, help="window in seconds (default: copper 60, pipedrive 2)"
    )
    limits.add_argument(
        "--search-cap", type=int, help="copper: records one search reaches (default 100000)"
    )
    limits.add_argument(
        "--daily-budget", type=int, help="pipedrive: API tokens per budget period (default 30000)"
    )
    limits.add_argument(
        "--budget-period",
        type=float,
        help="pipedrive: seconds until the budget refills (default 86400)",
    )
    limits.add_argument(
        "--abuse-threshold",
        type=int,
        help="pipedrive: consecutive 429s before 403 blocks, 0 = never (default 100)",
    )
    limits.add_argument("--abuse-block-seconds", type=float,
                        help="pipedrive: length of a 403 block (default 60)")  # fmt: skip
    credentials = serve_cmd.add_argument_group("credentials")
    credentials.add_argument("--copper-key", help="default sandbox-copper-key")
    credentials.add_argument("--copper-email", help="default sandbox@example.com")
    credentials.add_argument("--pipedrive-token", help="default sandbox-pipedrive-token")
    faults = serve_cmd.add_argument_group("fault injection (probabilities per request)")
    faults.add_argument("--fault-rate", type=float, default=0.0, help="5xx responses")
    faults.add_argument("--fault-statuses", default="500,502,503", help="5xx codes to use")
    faults.add_argument("--throttle-rate", type=float, default=0.0, help="start a 429 burst")
    faults.add_argument("--throttle-burst", type=int, default=3, help="429s per burst")
    faults.add_argument("--slow-rate", type=float, default=0.0, help="delayed responses")
    faults.add_argument("--slow-seconds", type=float, default=0.5, help="delay of a slow one")
    faults.add_argument(
        "--drop-rate", type=float, default=0.0, help="connections closed without a response"
    )
    faults.add_argument("--fault-seed", type=int, default=0)  # fmt: skip
    serve_cmd.add_argument("--json", action="store_true",
                           help="print one JSON line per sandbox instead of text")  # fmt: skip
    serve_cmd.set_defaults(run=serve)

    dump_cmd = commands.add_parser("dump", help="print a generated dataset as JSON")
    dump_cmd.add_argument("kind", choices=sorted(KINDS))
    dump_cmd.add_argument("--entity", help="only this entity (e.g. people, persons)")
    _dataset_arguments(dump_cmd)
    dump_cmd.set_defaults(run=dump)
    return parser


def _dataset_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("dataset")
    group.add_argument("--size", type=int, default=500, help="about this many records in total")
    group.add_argument("--seed", type=int, default=1, help="the CRM's own generation seed")
    group.add_argument(
        "--population-seed",
        type=int,
        default=1,
        help="sandboxes with the same one share people and companies",
    )
    group.add_argument("--overlap", type=float, default=0.3,
                       help="share of people taken from the shared population (0..1)")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
