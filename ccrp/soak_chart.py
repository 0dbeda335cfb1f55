"""The soak's memory curves as a chart: one line per process, MB against minutes.

Written as SVG, or as PNG (rendered by resvg) when the file name ends in ``.png``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

import resvg_py

from ccrp.soak import SoakRun

WIDTH, HEIGHT, PAD = 760, 360, 56
COLOURS = ("#1b6ca8", "#d1495b", "#00798c", "#edae49", "#66a182", "#8d6a9f")


def soak_chart(run: SoakRun, warm_up_s: float) -> str:
    """An SVG line chart of every process's resident memory over the soak."""
    samples = run.samples
    end_s = max((s.elapsed_s for s in samples), default=1.0) or 1.0
    top = max((mb for s in samples for mb in s.rss_mb.values()), default=1.0) * 1.1 or 1.0

    def x(seconds: float) -> float:
        return PAD + (WIDTH - 2 * PAD) * seconds / end_s

    def y(mb: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * mb / top

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'font-family="sans-serif" font-size="12">',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>',
        f'<text x="{PAD}" y="22" font-size="14">Resident memory per process, '
        f"{run.rate:.0f} reports/s</text>",
        f'<line x1="{x(warm_up_s):.1f}" y1="{PAD}" x2="{x(warm_up_s):.1f}" '
        f'y2="{HEIGHT - PAD}" stroke="#999" stroke-dasharray="4 3"/>',
        f'<text x="{x(warm_up_s) + 4:.1f}" y="{PAD + 12}" fill="#666">warm-up ends</text>',
    ]
    for tick in range(5):
        mb = top * tick / 4
        parts.append(
            f'<text x="{PAD - 6}" y="{y(mb) + 4:.1f}" text-anchor="end">{mb:.0f} MB</text>'
            f'<line x1="{PAD}" y1="{y(mb):.1f}" x2="{WIDTH - PAD}" y2="{y(mb):.1f}" '
            'stroke="#eee"/>'
        )
    minutes = end_s / 60
    parts.append(
        f'<text x="{WIDTH - PAD}" y="{HEIGHT - PAD + 30}" text-anchor="end">'
        f"{minutes:.0f} minutes</text>"
    )
    for i, process in enumerate(run.processes):
        points = " ".join(
            f"{x(s.elapsed_s):.1f},{y(s.rss_mb.get(process, 0.0)):.1f}" for s in samples
        )
        colour = COLOURS[i % len(COLOURS)]
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{PAD + 10 + 130 * i}" y="{HEIGHT - 14}" fill="{colour}">'
            f"{escape(process)}</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)


def write_chart(run: SoakRun, warm_up_s: float, path: Path) -> None:
    svg = soak_chart(run, warm_up_s)
    if path.suffix.lower() == ".png":
        path.write_bytes(bytes(resvg_py.svg_to_bytes(svg_string=svg, background="#ffffff")))
    else:
        path.write_text(svg, encoding="utf-8")
