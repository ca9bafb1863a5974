#!/usr/bin/env python3
"""Summarises the runs that scripts/bench.sh left in a results directory.

    summarize.py replay|simgrid RESULTS_DIR

RESULTS_DIR holds one folder per trace; each holds, per tool (citynet-exact, citynet-fast,
simgrid) and run i, TOOL-i.time (the report of /usr/bin/time -v) and TOOL-i.out (what the
tool printed), and TOOL.fct.csv, the completion times (runs are deterministic, so the
last run's file stands for all). Speeds are medians over runs; ratios compare tools
measured in the same invocation. Writes summary.md and summary.csv into RESULTS_DIR and
prints the table. Uses only the standard library.
"""
import csv
import glob
import os
import re
import statistics
import sys

PERCENTILE = 0.99


def time_report(path):
    """Wall seconds, CPU seconds and peak resident memory (MB) from `time -v`; None while the run is going."""
    text = open(path).read()
    found = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if found is None:
        return None
    wall = found.group(1)
    seconds = 0.0
    for part in wall.split(":"):
        seconds = seconds * 60 + float(part)
    user = float(re.search(r"User time \(seconds\): (\S+)", text).group(1))
    system = float(re.search(r"System time \(seconds\): (\S+)", text).group(1))
    rss_kb = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    return seconds, user + system, rss_kb / 1024


def runs_of(trace_dir, tool):
    reports = [time_report(p) for p in sorted(glob.glob(os.path.join(trace_dir, f"{tool}-*.time")))]
    reports = [r for r in reports if r is not None]
    if not reports:
        return None
    return {
        "runs": len(reports),
        "wall_s": statistics.median(r[0] for r in reports),
        "cpu_s": statistics.median(r[1] for r in reports),
        "rss_mb": statistics.median(r[2] for r in reports),
    }


def completion_times(path):
    """fct_s by id, and (start_s, end_s) pairs, from an FCT.csv."""
    fct = {}
    spans = []
    with open(path) as f:
        for row in csv.DictReader(f):
            fct[row["id"]] = float(row["fct_s"])
            spans.append((float(row["start_s"]), float(row["end_s"])))
    return fct, spans


def mean_concurrency(spans):
    """Time-average number of flows in progress between the first and the last arrival."""
    first = min(s for s, _ in spans)
    last = max(s for s, _ in spans)
    events = sorted([(s, 1) for s, _ in spans] + [(e, -1) for _, e in spans])
    active, area, previous, peak = 0, 0.0, first, 0
    for t, change in events:
        t_clipped = min(t, last)
        area += active * (t_clipped - previous)
        previous = t_clipped
        if t > last:
            break
        active += change
        peak = max(peak, active)
    return area / (last - first) if last > first else float(active), peak


def relative_errors(reference, other):
    return sorted(abs(other[i] - reference[i]) / reference[i] for i in reference)


def percentile(sorted_values, q):
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def flows_in(trace_dir):
    return int(open(os.path.join(trace_dir, "flows.count")).read())


def fmt(value, digits=3):
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.{digits}g}"
    return str(value)


def write_table(results_dir, header, rows, notes):
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    text = "\n".join(lines + [""] + notes) + "\n"
    open(os.path.join(results_dir, "summary.md"), "w").write(text)
    with open(os.path.join(results_dir, "summary.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)
    print(text)


def summarize_replay(results_dir):
    header = ["trace", "flows", "mode", "runs", "wall_s (median)", "cpu_s (median)", "flows_per_s",
              "flows_per_cpu_s", "peak_rss_mb", "mean_concurrent", "peak_concurrent", "speedup_vs_exact",
              "mean_rel_err_vs_exact", "p99_rel_err_vs_exact", "max_rel_err_vs_exact"]
    rows = []
    for trace_dir in sorted(glob.glob(os.path.join(results_dir, "*/"))):
        trace = os.path.basename(os.path.normpath(trace_dir))
        flows = flows_in(trace_dir)
        # A run cut short (exact mode on a large trace can take long) leaves no exact file:
        # the fast rows are still shown, without what needs exact mode.
        exact = runs_of(trace_dir, "citynet-exact")
        exact_path = os.path.join(trace_dir, "citynet-exact.fct.csv")
        has_exact = exact is not None and os.path.exists(exact_path)
        reference = exact_path if has_exact else os.path.join(trace_dir, "citynet-fast.fct.csv")
        if not os.path.exists(reference):
            continue
        exact_fct, spans = completion_times(reference)
        mean_active, peak_active = mean_concurrency(spans)
        for mode in ("exact", "fast"):
            measured = runs_of(trace_dir, f"citynet-{mode}")
            if measured is None or (mode == "exact" and not has_exact):
                continue
            errors = [None, None, None]
            if mode == "fast" and has_exact:
                fast_fct, _ = completion_times(os.path.join(trace_dir, "citynet-fast.fct.csv"))
                e = relative_errors(exact_fct, fast_fct)
                errors = [statistics.fmean(e), percentile(e, PERCENTILE), e[-1]]
            rows.append([trace, flows, mode, measured["runs"], measured["wall_s"], measured["cpu_s"],
                         flows / measured["wall_s"], flows / measured["cpu_s"], measured["rss_mb"], mean_active,
                         peak_active, exact["wall_s"] / measured["wall_s"] if has_exact else None, *errors])
    write_table(results_dir, header, rows, [
        "flows_per_s = flows / median wall time of the whole process (reading, routing, simulating, writing);",
        "flows_per_cpu_s the same over user + system CPU time, which other load on the machine disturbs less.",
        "mean_concurrent: time-average of flows in progress between the first and the last arrival (exact mode,",
        "or fast mode where exact mode did not finish).",
        "Relative error of a flow: |fct_fast - fct_exact| / fct_exact.",
    ])


def summarize_simgrid(results_dir):
    header = ["trace", "flows", "tool", "runs", "wall_s (median)", "cpu_s (median)", "flows_per_s",
              "flows_per_cpu_s", "peak_rss_mb", "speedup_vs_simgrid", "cpu_speedup_vs_simgrid", "mean_rel_diff_vs_simgrid", "max_rel_diff_vs_simgrid"]
    rows = []
    notes = []
    for trace_dir in sorted(glob.glob(os.path.join(results_dir, "*/"))):
        trace = os.path.basename(os.path.normpath(trace_dir))
        flows = flows_in(trace_dir)
        simgrid = runs_of(trace_dir, "simgrid")
        simgrid_fct, spans = completion_times(os.path.join(trace_dir, "simgrid.fct.csv"))
        mean_active, peak_active = mean_concurrency(spans)
        notes.append(f"{trace}: {mean_active:.0f} flows in progress on average between first and last arrival, "
                     f"{peak_active} at the peak (SimGrid's completion times).")
        run_only = re.search(r"run_s=(\S+)", open(sorted(glob.glob(os.path.join(trace_dir, "simgrid-*.out")))[-1]).read())
        if run_only:
            notes.append(f"{trace}: SimGrid's Engine::run() alone took {float(run_only.group(1)):.1f} s (last run).")
        for tool in ("simgrid", "citynet-exact", "citynet-fast"):
            measured = runs_of(trace_dir, tool)
            if measured is None:
                continue
            diff = [None, None]
            if tool != "simgrid":
                fct, _ = completion_times(os.path.join(trace_dir, f"{tool}.fct.csv"))
                d = relative_errors(simgrid_fct, fct)
                diff = [statistics.fmean(d), d[-1]]
            rows.append([trace, flows, tool, measured["runs"], measured["wall_s"], measured["cpu_s"],
                         flows / measured["wall_s"], flows / measured["cpu_s"], measured["rss_mb"],
                         simgrid["wall_s"] / measured["wall_s"], simgrid["cpu_s"] / measured["cpu_s"], *diff])
    notes += [
        "flows_per_s = flows / median wall time of the whole process; speedup_vs_simgrid = SimGrid's median wall "
        "time / the tool's; the cpu_ columns use user + system CPU time instead.",
        "Relative difference of a flow: |fct - fct_simgrid| / fct_simgrid.",
    ]
    write_table(results_dir, header, rows, notes)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("replay", "simgrid"):
        sys.exit("usage: summarize.py replay|simgrid RESULTS_DIR")
    {"replay": summarize_replay, "simgrid": summarize_simgrid}[sys.argv[1]](sys.argv[2])


if __name__ == "__main__":
    main()
