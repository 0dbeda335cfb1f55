"""Plain-text rendering of an evaluation."""

from __future__ import annotations

from classify.evaluate import Evaluation


def _confusion(title: str, confusion: dict) -> list[str]:  # type: ignore[type-arg]
    values = sorted({k for pair in confusion for k in pair}, key=repr)
    lines = [f"{title} (rows gold, columns predicted)", "  gold\\pred " + "".join(
        f"{v!s:>8}" for v in values)]  # fmt: skip
    for gold in values:
        row = "".join(f"{confusion.get((gold, pred), 0):>8}" for pred in values)
        lines.append(f"  {gold!s:>9} {row}")
    return lines


def render(result: Evaluation, show_errors: bool = False) -> str:
    """The evaluation as the text the ``eval`` command prints."""
    lines = [f"items {result.items}, incident items {result.incident_items}", ""]
    lines.append(f"{'type':<28}{'P':>7}{'R':>7}{'F1':>7}{'gold':>6}")
    for name, s in sorted(result.per_type.items()):
        lines.append(f"{name:<28}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp + s.fn:>6}")
    lines += ["", f"macro-F1 over types on incident items: {result.macro_f1:.3f}", ""]
    lines.append(f"follow-up accuracy: {Evaluation.accuracy(result.follow_up):.3f}")
    lines += _confusion("follow-up", result.follow_up)
    lines.append(f"in-area accuracy: {Evaluation.accuracy(result.in_area):.3f}")
    lines += _confusion("in-area", result.in_area)
    e = result.eligibility
    lines.append(
        f"CCRP eligibility: precision {e.precision:.3f} recall {e.recall:.3f} "
        f"(tp {e.tp}, fp {e.fp}, fn {e.fn})"
    )
    if show_errors and result.errors:
        lines += ["", "disagreements:", *(f"  {err}" for err in result.errors)]
    return "\n".join(lines)
