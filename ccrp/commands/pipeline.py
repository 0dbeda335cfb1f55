"""Commands of the wiring package: topics, process, run, worker, collect, bench."""

from __future__ import annotations

import logging
import os
import signal
import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from ccrp.settings import get_settings

console = Console(stderr=True)


def _logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def topics_create() -> None:
    """Create the versioned topics (needs CCRP_KAFKA_BOOTSTRAP)."""
    from ccrp.transport import create_topics

    kafka = get_settings().kafka_section
    if not kafka.bootstrap:
        raise typer.BadParameter("set CCRP_KAFKA_BOOTSTRAP to the cluster's bootstrap servers")
    created = create_topics(kafka)
    console.print(f"created {len(created)} topics: {', '.join(created) or '(all existed)'}")


def process(
    input: Path = typer.Option(..., "--input", "-i", exists=True, dir_okay=False),
    output: Path = typer.Option(..., "--output", "-o", dir_okay=False),
    store: bool = typer.Option(
        False, "--store", help="Also write the reports, incidents and activations to the store."
    ),
    as_of: str = typer.Option(
        "report",
        "--as-of",
        help="Judge 'the last 72 h' from each report's own time (report), now, or an ISO time.",
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Run the stage functions over a JSON-lines file of raw reports, without Kafka."""
    from ccrp.batch import process_file
    from ccrp.decision_time import parse_as_of
    from ccrp.runtime import build_stages

    _logging(verbose)
    try:
        decided = parse_as_of(as_of)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--as-of") from exc
    settings = get_settings()
    started = time.perf_counter()
    stages = build_stages(settings)
    stages.decision_time = decided
    console.print(f"decisions as of {decided.describe()}", highlight=False)
    ready = time.perf_counter()
    result = process_file(stages, input, output)
    took = time.perf_counter() - ready
    for warning in result.warnings[:10]:
        console.print(f"[yellow]warning[/yellow] {warning}", highlight=False)
    console.print(
        f"{result.processed} reports processed, {len(result.errors)} errors, "
        f"{len(result.incidents)} incidents, {len(result.activated)} CCRP activations -> {output}"
    )
    rate = result.lines / took if took > 0 else 0.0
    console.print(
        f"{result.lines} lines in {took:.2f} s: {rate:,.0f} reports/s "
        f"(after {ready - started:.1f} s of start-up)",
        highlight=False,
        soft_wrap=True,
    )
    if store:
        from ccrp.app import apply_to_store
        from ccrp.runtime import open_store

        with open_store(settings) as opened:
            apply_to_store(opened, result.effects)
        effects = result.effects
        console.print(
            f"stored {len(effects.reports)} reports, {len(effects.versions)} incident versions, "
            f"{len(effects.events)} activation events"
        )


def run(
    sources: Path = typer.Option(Path("sources/toronto.toml"), "--sources", "-s"),
    once: bool = typer.Option(False, "--once", help="One pass, then exit."),
    example: bool = typer.Option(
        False, "--example", help="Collect the offline example day from a loopback server."
    ),
    timeout: float = typer.Option(900.0, help="Seconds to wait for the pipeline to drain."),
    intake: bool = typer.Option(
        False, "--intake", help="Also serve the partner intake (scheduled mode)."
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """The main job: collect, process, store, activate, write the digest."""
    _logging(verbose)
    settings = get_settings()
    if example:
        from ccrp.example import serve_example
        from ccrp.runjob import run_once

        with serve_example(settings.data_dir / "example") as example_sources:
            _finish(run_once(settings, example_sources, timeout_s=timeout))
        return
    if not sources.exists():
        raise typer.BadParameter(f"sources file {sources} does not exist")
    if once:
        from ccrp.runjob import run_once

        _finish(run_once(settings, sources, timeout_s=timeout))
        return
    from ccrp.schedule import run_forever

    run_forever(settings, sources, intake=intake)


def collect(
    sources: Path = typer.Option(Path("sources/toronto.toml"), "--sources", "-s", exists=True),
    once: bool = typer.Option(False, "--once", help="Run every source once, then exit."),
    verbose: bool = typer.Option(False, "--verbose", "-v"),
) -> None:
    """Collector service: produce due sources to incidents.raw.v1 (needs CCRP_KAFKA_BOOTSTRAP)."""
    from ccrp.schedule import collect_forever

    _logging(verbose)
    settings = get_settings()
    if not settings.kafka_section.bootstrap:
        raise typer.BadParameter(
            "set CCRP_KAFKA_BOOTSTRAP; for a local all-in-one run use `ccrp run`"
        )
    summary = collect_forever(settings, sources, once=once)
    if once:
        from ccrp.errors import ExitCode

        failed = [run.name for run in getattr(summary, "failed", [])]
        for name in failed:
            console.print(f"[red]source {name} failed[/red]")
        if summary is None:
            raise typer.Exit(ExitCode.FAILED)
        if failed:
            raise typer.Exit(ExitCode.SOURCES_FAILED)


def _finish(summary: object) -> None:
    """Print the pass's summary; exit 3 when a source failed (see the README's exit codes)."""
    from ccrp.errors import ExitCode

    _print_summary(summary)
    failed = getattr(getattr(summary, "collect", None), "failed", [])
    if failed:
        names = ", ".join(run.name for run in failed)
        console.print(f"[red]{len(failed)} sources failed:[/red] {names}", highlight=False)
        raise typer.Exit(ExitCode.SOURCES_FAILED)


def _print_summary(summary: object) -> None:
    from ccrp.runjob import JobSummary

    assert isinstance(summary, JobSummary)
    table = Table(title="ccrp run --once", show_header=False)
    table.add_row("reports produced", str(summary.produced))
    table.add_row("reports processed", str(summary.processed))
    table.add_row("incidents", str(summary.incidents))
    table.add_row("activation events", str(summary.activations))
    table.add_row("dead letters", str(summary.dead_letters))
    if summary.deliveries is not None:
        counts = ", ".join(f"{n} {status}" for status, n in summary.deliveries.items())
        table.add_row("webhook deliveries", counts)
    table.add_row("seconds", f"{summary.seconds:.1f}")
    for key, value in _collect_rows(summary.collect):
        table.add_row(key, value)
    for path in summary.digest:
        table.add_row("digest", str(path))
    if summary.digest_mail:
        table.add_row("digest e-mail", summary.digest_mail)
    Console().print(table)


def _collect_rows(collect: object) -> list[tuple[str, str]]:
    rows = []
    for run in getattr(collect, "runs", []):
        if not run.ran:
            continue
        status = f"{run.new} new, {run.seen} seen" + (f", ERROR {run.error}" if run.error else "")
        rows.append((f"source {run.name}", status))
    return rows


def worker(
    verbose: bool = typer.Option(False, "--verbose", "-v"),
    stage: list[str] = typer.Option(
        ["enrich", "resolve"],
        "--stage",
        help="Which high-volume stage(s) this process runs: enrich (1), resolve (2).",
    ),
) -> None:
    """Run the stream agents as a worker process against CCRP_KAFKA_BOOTSTRAP."""
    import faust

    from ccrp.app import build_app, halted
    from ccrp.ops import operator_endpoints
    from ccrp.resilience import Health
    from ccrp.runtime import build_stages, open_store
    from ccrp.transport import create_topics

    settings = get_settings()
    kafka = settings.kafka_section
    if not kafka.bootstrap:
        raise typer.BadParameter("set CCRP_KAFKA_BOOTSTRAP: workers scale out on a shared cluster")
    store = open_store(settings)
    create_topics(kafka)
    health = Health("worker")
    unknown = set(stage) - {"enrich", "resolve"}
    if unknown:
        raise typer.BadParameter(f"unknown stage(s) {sorted(unknown)}", param_hint="--stage")
    stages = build_stages(settings, store)
    app = build_app(kafka, stages, store, health=health, run_stages=stage)

    @app.timer(1.0)
    async def stop_when_halted() -> None:
        if halted(app) is not None:  # a configuration error: stop the way a signal would
            os.kill(os.getpid(), signal.SIGTERM)

    try:
        with operator_endpoints(settings, health, settings.ops.worker_port, lag=True):
            faust.Worker(app, loglevel="info" if verbose else "warning").execute_from_commandline()
    except SystemExit:
        reason = halted(app)
        if reason is not None:
            raise reason from None  # reported as a configuration error, exit code 4
        raise


def bench_pipeline(
    inputs: list[Path] = typer.Option(..., "--input", "-i", exists=True, dir_okay=False),
    reports: int = typer.Option(5000, "--reports", "-n", min=1),
    rate: float = typer.Option(0.0, help="Produce at this many reports/s (0: all at once)."),
    workers: int = typer.Option(
        0, help="Run the agents in this many `ccrp worker` processes instead of in-process."
    ),
    stage1: bool = typer.Option(
        False, "--stage1", help="Time stage 1 alone, in --workers processes (scale-out)."
    ),
) -> None:
    """Print end-to-end reports/s and produce->activation p50/p95 latency."""
    import tempfile

    from ccrp.bench import run_bench

    _logging(False)
    if stage1:
        from ccrp.scaleout import run_stage1_bench

        with tempfile.TemporaryDirectory() as tmp:
            rate_s1 = run_stage1_bench(
                get_settings(), inputs, reports, max(workers, 1), Path(tmp) / "b.db"
            )
        print(f"stage 1 alone, {max(workers, 1)} worker process(es): {rate_s1:.0f} reports/s")
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        figures = run_bench(get_settings(), inputs, reports, db, rate or None, workers)
    mode = f"paced at {rate:.0f}/s" if rate else "all at once"
    where = f"{workers} worker processes" if workers else "in-process agents"
    print(f"reports: {figures.reports} ({mode}, {where})")
    print(f"seconds: {figures.seconds:.2f}")
    print(f"throughput: {figures.throughput:.0f} reports/s (broker + all stages + store)")
    ratio = figures.throughput / figures.produce_rate if figures.produce_rate else 0.0
    share = "" if rate else f" (the pipeline at {ratio:.1%} of it)"
    print(
        f"raw confluent-kafka produce of the same reports into the same broker: "
        f"{figures.produce_rate:.0f} reports/s{share}"
    )
    for name, load in figures.stage_loads.items():
        print(f"{name}: {load.describe()}")
    print(f"activations: {figures.activations}")
    print(f"latency produce->activation p50: {figures.percentile(50) * 1000:.0f} ms")
    print(f"latency produce->activation p95: {figures.percentile(95) * 1000:.0f} ms")


def bench_soak(
    inputs: list[Path] = typer.Option(..., "--input", "-i", exists=True, dir_okay=False),
    minutes: float = typer.Option(30.0, min=0.1),
    rate: float = typer.Option(200.0, min=1.0, help="Reports produced per second."),
    workers: int = typer.Option(1, min=1, help="`ccrp worker` processes."),
    sample_s: float = typer.Option(30.0, min=1.0, help="Seconds between memory readings."),
    warm_up: float = typer.Option(
        0.3, min=0.0, max=0.9, help="Share of the run counted as warm-up."
    ),
    chart: Path = typer.Option(None, help="Write the memory curves to this .svg or .png."),
) -> None:
    """Pace reports through worker processes for a long while; print every process's
    resident memory as it goes and its growth after the warm-up."""
    import tempfile

    from ccrp.soak import run_soak

    _logging(False)
    # Stopped by a signal, the soak still stops its workers and broker on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))

    def show(sample) -> None:  # type: ignore[no-untyped-def]
        mem = "  ".join(f"{name} {mb:.0f} MB" for name, mb in sample.rss_mb.items())
        print(
            f"{sample.elapsed_s / 60:6.1f} min  sent {sample.sent:>8,}  lag {sample.lag:>6}  {mem}"
        )

    with tempfile.TemporaryDirectory() as tmp:
        run = run_soak(
            get_settings(), inputs, minutes, rate, workers, Path(tmp) / "soak.db", sample_s, show
        )
    warm_up_s = minutes * 60 * warm_up
    print(f"after the warm-up ({warm_up_s / 60:.1f} min), resident memory per process:")
    for process in run.processes:
        after = [s.rss_mb[process] for s in run.samples if s.elapsed_s >= warm_up_s]
        if not after:
            continue
        slope = run.growth_mb_per_min(process, warm_up_s)
        print(
            f"  {process}: {after[0]:.0f} -> {after[-1]:.0f} MB, min {min(after):.0f}, "
            f"max {max(after):.0f}, trend {slope:+.2f} MB/min"
        )
    if chart is not None:
        from ccrp.soak_chart import write_chart

        write_chart(run, warm_up_s, chart)
        print(f"chart: {chart}")


def bench_hostile(
    deadline: float = typer.Option(5.0, help="Each hostile source's deadline, in seconds."),
) -> None:
    """Run `ccrp sources run` against hostile loopback feeds; print time, memory, exit code."""
    import tempfile

    from ccrp.hostile import print_hostile, run_hostile

    with tempfile.TemporaryDirectory() as tmp:
        print_hostile(run_hostile(Path(tmp), deadline_s=deadline))


def register(app: typer.Typer) -> None:
    topics = typer.Typer(help="Kafka topics.")
    topics.command("create")(topics_create)
    app.add_typer(topics, name="topics")
    app.command()(process)
    app.command()(run)
    app.command()(worker)
    app.command()(collect)
    bench = typer.Typer(help="Benchmarks that print their figures.")
    bench.command("pipeline")(bench_pipeline)
    bench.command("hostile")(bench_hostile)
    bench.command("soak")(bench_soak)
    app.add_typer(bench, name="bench")
