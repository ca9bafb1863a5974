#!/usr/bin/env python3
"""Figures and an offline report from the CSV files of a citynet results folder.

Usage:
  scripts/plot.py RESULTS_DIR [--threshold U]
      writes map.png, utilization.png, heatmap.png, class_throughput.png,
      streaming_blocking.png (and compare_metrics.png, compare_cost.png when the folder
      holds a compare.csv) and report.html beside the CSV files. class_throughput.png is
      each class's throughput distribution from the histogram CSV files, or a sketch from
      class_summary.csv's percentiles for a folder without them. A `citynet sweep` folder
      gets sweep_AXIS.png per axis: each metric of sweep.csv against it, mean and 95%
      interval over replications.
  scripts/plot.py --history DIR2000 DIR2002 DIR2005 --out FILE.png
      egress capacity against busy-hour offered traffic, one point per results folder.

Only the CSV files are read, with the columns and types of citynet's schema (csv_schema.txt,
beside this script or in sim/output/), so that fields are read per RFC 4180 (the congestion threshold, which no CSV holds, is taken from
the resolved scenario.yaml when present, else --threshold, else 0.9, the scenario
default). Bad input stops with one line `plot.py: FILE: what is wrong` and exit 2.
The figures are deterministic: the same CSV files give the same bytes.
"""
import os
import sys

SCRIPT = "plot.py"
EXIT_BAD_INPUT = 2
EXIT_NO_PLOTTING_PACKAGES = 1
# Debian's interpreter sees python3-matplotlib and python3-pandas; the python3 first on
# PATH may be another one that does not.
FALLBACK_INTERPRETER = "/usr/bin/python3"
REEXEC_MARKER = "CITYNET_PLOT_REEXECUTED"


def ensure_plotting_packages():
    """Re-executes under Debian's interpreter when this one cannot import the packages."""
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
        return
    except ImportError as error:
        missing = error.name or str(error)
    already_fallback = os.path.realpath(sys.executable) == os.path.realpath(FALLBACK_INTERPRETER)
    if not already_fallback and REEXEC_MARKER not in os.environ and os.access(FALLBACK_INTERPRETER, os.X_OK):
        environment = dict(os.environ, **{REEXEC_MARKER: "1"})
        script = os.path.abspath(__file__)
        os.execve(FALLBACK_INTERPRETER, [FALLBACK_INTERPRETER, script, *sys.argv[1:]], environment)
    sys.stderr.write(f"{SCRIPT}: cannot import {missing} (interpreter {sys.executable}); "
                     "install python3-matplotlib and python3-pandas (scripts/setup.sh does)\n")
    sys.exit(EXIT_NO_PLOTTING_PACKAGES)


if __name__ == "__main__":
    ensure_plotting_packages()

import argparse  # noqa: E402
import csv  # noqa: E402
import html  # noqa: E402
import math  # noqa: E402
import re  # noqa: E402
import tempfile  # noqa: E402
import warnings  # noqa: E402

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.patches  # noqa: E402
import matplotlib.patheffects as path_effects  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402

DEFAULT_CONGESTION_THRESHOLD = 0.9  # scenarios/README.md: simulation.congestion_threshold
SECONDS_PER_HOUR = 3600.0
HOURS_PER_DAY = 24
DPI = 100
MAX_MAP_LABELS = 10           # congested links named on the map; more would hide the city
MOST_CONGESTED_SHOWN = 5      # individual links in the utilization figure
REPORT_TABLE_LINKS = 15       # rows of the congested-links table in report.html
HEATMAP_ROWS_NAMED = 40       # up to this many links, each heatmap row carries its name
HEATMAP_MIN_LAYER_SHARE = 0.06  # the least height of a layer in the heatmap, as a share of all rows
FAR_NODE_MARGIN = 0.25        # a node beyond the city's box by more than this share is drawn at its edge
CENTRE_MIN_NODES = 30          # fewer nodes than this fit one map without an enlarged centre
CENTRE_SHARE_OF_NODES = 0.5   # the enlarged centre holds this share of the nodes
CENTRE_MAX_SHARE_OF_EXTENT = 0.3  # ... and is enlarged only when it spans less than this share of the city
UTILIZATION_COLORMAP = "RdYlGn_r"
NO_DATA_COLOR = "#bbbbbb"
LAYER_ORDER = ["egress", "core", "aggregation", "access", "idc", "ras"]
ROLE_STYLE = {  # marker, size, color, drawing order
    "internet": ("*", 220, "#1f3b73", 6),
    "gateway": ("D", 70, "#1f3b73", 5),
    "core": ("s", 70, "#2b6cb0", 5),
    "idc": ("P", 80, "#6b46c1", 5),
    "ras": ("X", 60, "#805ad5", 5),
    "aggregation": ("o", 30, "#4a5568", 4),
    "access": ("o", 10, "#718096", 3),
}

# The columns of every file, their order, type and unit are citynet's schema,
# csv_schema.txt: beside this script once installed, sim/output/ in the source tree. A file
# must have every column the schema gives it; numbers are read as floats (an empty number is
# a value that does not exist, such as the utilization of a link without capacity).
SCHEMA_FILE = "csv_schema.txt"
SCHEMA_PLACES = (os.path.dirname(os.path.abspath(__file__)),
                 os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "sim", "output"))
TEXT, INTEGER, NUMBER, PLACEHOLDER = "text", "integer", "number", "columns"
RUN_FILES = ("topology_nodes.csv", "topology_links.csv", "link_timeseries.csv", "link_summary.csv",
             "class_summary.csv", "app_summary.csv", "summary.csv")
# Written by citynet since the class distributions were exported; a folder from an older run
# has neither, and the class figure then falls back to the percentiles in class_summary.csv.
HISTOGRAM_FILES = ("class_throughput_histogram.csv", "class_line_rate_share_histogram.csv")
FILES_WITH_ROWS = {"topology_nodes.csv", "topology_links.csv", "link_summary.csv", "summary.csv"}
COMPARE_FILE = "compare.csv"
SWEEP_FILE = "sweep.csv"
SWEEP_KEYS = ("point", "replication", "seed")  # what identifies a row, not a figure of the run
CONFIDENCE = 0.95
# Student's t at 0.975 for 1..30 degrees of freedom; beyond, its Cornish-Fisher expansion.
T_975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048,
         2.045, 2.042)
Z_975 = 1.959964


class BadInput(Exception):
    """A file that is missing or malformed: reported as `plot.py: FILE: what`."""

    def __init__(self, path, what):
        super().__init__(f"{path}: {what}")
        self.path = path
        self.what = what


# ---------------------------------------------------------------- reading the CSV files

_schema = None


def schema():
    """{file: {column: type}} in each file's column order, read once from csv_schema.txt."""
    global _schema
    if _schema is None:
        _schema = read_schema()
    return _schema


def read_schema():
    places = [os.path.join(place, SCHEMA_FILE) for place in SCHEMA_PLACES]
    path = next((place for place in places if os.path.isfile(place)), None)
    if path is None:
        raise BadInput(places[0], "missing; expected citynet's CSV schema beside plot.py or in sim/output/")
    files = {}
    with open(path, encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split(None, 4)
            if len(fields) < 4 or fields[2] not in (TEXT, INTEGER, NUMBER, PLACEHOLDER):
                raise BadInput(path, f"line {number}: expected `file column type unit meaning`")
            files.setdefault(fields[0], {})[fields[1]] = fields[2]
    return files


def columns_of(file_name):
    """The schema's columns of a file that are always there (not a placeholder), with their type."""
    return {name: kind for name, kind in schema()[file_name].items() if kind != PLACEHOLDER}


def read_csv(path, columns=None, needs_rows=False):
    """Reads a CSV file (RFC 4180) whose columns the schema gives (or `columns`), numbers as
    float (empty: NaN); columns beyond those are read as pandas sees them."""
    if columns is None:
        columns = columns_of(os.path.basename(path))
    if not os.path.isfile(path):
        raise BadInput(path, "missing" if not os.path.exists(path) else "not a file")
    header = read_header(path)
    missing = [name for name in columns if name not in header]
    if missing:
        raise BadInput(path, f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    numbers = [name for name, kind in columns.items() if kind != TEXT]
    try:
        # Every column is read (not usecols) and a ParserWarning is an error: otherwise a
        # row with more fields than the header is silently shifted or cut.
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            table = pd.read_csv(path, index_col=False, keep_default_na=False,
                                dtype={name: (str if kind == TEXT else float) for name, kind in columns.items()},
                                na_values={name: [""] for name in numbers})
    except pd.errors.ParserWarning:
        raise BadInput(path, "a row has more fields than the header") from None
    except pd.errors.ParserError as error:
        raise BadInput(path, one_line(error)) from None
    except ValueError as error:
        # The fast typed read stopped at a cell; the slow untyped one says which.
        raise BadInput(path, locate_bad_number(path, numbers) or one_line(error)) from None
    if needs_rows and table.empty:
        raise BadInput(path, "no data row under the header")
    return table


def read_header(path):
    try:
        with open(path, encoding="utf-8") as file:
            first_line = file.readline()
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(path, f"cannot read: {one_line(error)}") from None
    if not first_line.strip():
        raise BadInput(path, "empty file; expected a header line")
    return [name.strip() for name in next(csv.reader([first_line]))]


def locate_bad_number(path, numbers):
    try:
        text = pd.read_csv(path, usecols=numbers, dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as error:
        return one_line(error)
    for name in numbers:
        cells = text[name]
        parsed = pd.to_numeric(cells.where(cells != ""), errors="coerce")
        bad = parsed.isna() & (cells != "")
        if bad.any():
            row = int(np.argmax(bad.to_numpy()))
            return f"line {row + 2}: column {name}: {cells.iloc[row]!r} is not a number"
    return None


def one_line(error):
    return " ".join(str(error).split())


def is_run_folder(folder):
    return any(os.path.exists(os.path.join(folder, name)) for name in RUN_FILES)


class Run:
    """The CSV files of one run, checked."""

    def __init__(self, folder):
        tables = {name: read_csv(os.path.join(folder, name), needs_rows=name in FILES_WITH_ROWS)
                  for name in RUN_FILES}
        self.nodes = tables["topology_nodes.csv"]
        self.links = tables["topology_links.csv"]
        # `from`, `to` and `class` are Python keywords: renamed so that rows read as attributes.
        directions = {"from": "from_node", "to": "to_node"}
        self.timeseries = tables["link_timeseries.csv"].rename(columns=directions)
        self.link_summary = tables["link_summary.csv"].rename(columns=directions)
        self.classes = tables["class_summary.csv"].rename(columns={"class": "class_name"})
        self.applications = tables["app_summary.csv"]
        self.summary = tables["summary.csv"].iloc[0]
        self.check_links_name_nodes(os.path.join(folder, "topology_links.csv"))
        self.missing_histograms = [name for name in HISTOGRAM_FILES if not os.path.exists(os.path.join(folder, name))]
        histograms = {name: read_csv(os.path.join(folder, name)) for name in HISTOGRAM_FILES
                      if name not in self.missing_histograms}
        self.throughput_histogram = histograms.get("class_throughput_histogram.csv")
        self.share_histogram = histograms.get("class_line_rate_share_histogram.csv")
        self.threshold = DEFAULT_CONGESTION_THRESHOLD

    def check_links_name_nodes(self, path):
        known = set(self.nodes["node_id"])
        for row, (a, b) in enumerate(zip(self.links["a"], self.links["b"])):
            for end in (a, b):
                if end not in known:
                    raise BadInput(path, f"line {row + 2}: node {end!r} is not in topology_nodes.csv")

    @property
    def scenario(self):
        return str(self.summary["scenario"]) or "citynet run"

    @property
    def busy_hour_start_h(self):
        start_s = self.summary["busy_hour_start_s"]
        return None if pd.isna(start_s) else start_s / SECONDS_PER_HOUR

    def node_role(self):
        return dict(zip(self.nodes["node_id"], self.nodes["role"]))


def congestion_threshold(folder, override):
    """The threshold the run used: --threshold, else the resolved scenario's, else the default."""
    if override is not None:
        return override
    scenario_path = os.path.join(folder, "scenario.yaml")
    try:
        with open(scenario_path, encoding="utf-8") as file:
            for line in file:
                match = re.match(r"\s*congestion_threshold:\s*([0-9.eE+-]+)\s*(#.*)?$", line)
                if match:
                    return float(match.group(1))
    except (OSError, UnicodeDecodeError, ValueError):
        pass
    return DEFAULT_CONGESTION_THRESHOLD


# ---------------------------------------------------------------- formatting

def format_rate(bps):
    if bps is None or pd.isna(bps):
        return "–"
    for unit, scale in (("Tbps", 1e12), ("Gbps", 1e9), ("Mbps", 1e6), ("kbps", 1e3)):
        if abs(bps) >= scale:
            return f"{bps / scale:.3g} {unit}"
    return f"{bps:.3g} bps"


def format_bytes(count):
    if count is None or pd.isna(count):
        return "–"
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if abs(count) >= scale:
            return f"{count / scale:.3g} {unit}"
    return f"{count:.3g} B"


def format_share(value):
    return "–" if value is None or pd.isna(value) else f"{100 * value:.1f}%"


def format_load(value):
    return "–" if value is None or pd.isna(value) else f"{value:.2f}"


def format_seconds(value):
    if value is None or pd.isna(value):
        return "–"
    return f"{value:.3g} s" if value < 120 else f"{value / 60:.3g} min"


def format_count(value):
    return "–" if value is None or pd.isna(value) else f"{int(value):,}"


def hour_of_day_label(hours, _position=None):
    return f"{int(round(hours)) % HOURS_PER_DAY:02d}:00"


# ---------------------------------------------------------------- shared figure pieces

def temporary_beside(path, suffix):
    """A temporary file beside `path`, with the permissions a plain new file would get."""
    handle, temporary = tempfile.mkstemp(prefix=".plot-", suffix=suffix, dir=os.path.dirname(os.path.abspath(path)))
    mask = os.umask(0)
    os.umask(mask)
    os.fchmod(handle, 0o666 & ~mask)
    return handle, temporary


def save_figure(figure, path):
    """Writes beside the target and renames, so a reader never sees half a PNG."""
    handle, temporary = temporary_beside(path, ".png")
    os.close(handle)
    try:
        figure.savefig(temporary, dpi=DPI, format="png", metadata={"Software": None})
        os.replace(temporary, path)
    finally:
        plt.close(figure)
        if os.path.exists(temporary):
            os.remove(temporary)


def write_text_file(path, text):
    handle, temporary = temporary_beside(path, ".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def utilization_colors():
    colormap = plt.get_cmap(UTILIZATION_COLORMAP).copy()
    colormap.set_bad(NO_DATA_COLOR)
    return colormap, matplotlib.colors.Normalize(vmin=0.0, vmax=1.0)


def shade_busy_hour(axes, run):
    start_h = run.busy_hour_start_h
    if start_h is not None:
        axes.axvspan(start_h, start_h + 1, color="#f6e05e", alpha=0.25, lw=0, label="busy hour")


def hour_axis(axes, first_h, last_h):
    span_h = max(last_h - first_h, 1.0)
    step_h = 1 if span_h <= 6 else 3 if span_h <= 36 else 12
    axes.set_xlim(first_h, last_h)
    axes.xaxis.set_major_locator(matplotlib.ticker.MultipleLocator(step_h))
    axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(hour_of_day_label))
    axes.set_xlabel("time of day (run clock)")


def no_data_note(axes, text):
    axes.text(0.5, 0.5, text, ha="center", va="center", transform=axes.transAxes, color="#4a5568")
    axes.set_xticks([])
    axes.set_yticks([])


# ---------------------------------------------------------------- per-link busy-hour view

def link_busy_hour(run):
    """Per link: the busier direction's busy-hour utilization and offered load."""
    per_direction = run.link_summary.assign(
        pressure=np.fmax(run.link_summary["busy_hour_offered_load"], run.link_summary["busy_hour_utilization"]))
    per_link = per_direction.groupby("link_id", sort=False).agg(
        utilization=("busy_hour_utilization", "max"),
        offered_load=("busy_hour_offered_load", "max"),
        pressure=("pressure", "max"),
        congested_h=("congested_h", "max"))
    per_link["congested"] = (per_link["utilization"] >= run.threshold) | (per_link["offered_load"] >= 1.0)
    return per_link


def congested_directions(run):
    """Link directions, most congested first (as the terminal report ranks them)."""
    table = run.link_summary.assign(
        pressure=np.fmax(run.link_summary["busy_hour_offered_load"], run.link_summary["busy_hour_utilization"]))
    table = table.assign(pressure_key=table["pressure"].fillna(-1.0), order=np.arange(len(table)))
    return table.sort_values(["pressure_key", "congested_h", "order"], ascending=[False, False, True],
                             kind="mergesort")


# ---------------------------------------------------------------- the map

def map_positions(run):
    """Node positions; a node far outside the city (the internet) is drawn at its edge."""
    nodes = run.nodes
    inside = nodes[nodes["role"] != "internet"]
    if inside.empty:
        inside = nodes
    low_x, high_x = inside["x_km"].min(), inside["x_km"].max()
    low_y, high_y = inside["y_km"].min(), inside["y_km"].max()
    margin = FAR_NODE_MARGIN * max(high_x - low_x, high_y - low_y, 1.0)
    box = (low_x - margin, high_x + margin, low_y - margin, high_y + margin)
    centre = ((low_x + high_x) / 2, (low_y + high_y) / 2)
    positions, moved = {}, {}
    for node_id, x, y in zip(nodes["node_id"], nodes["x_km"], nodes["y_km"]):
        if box[0] <= x <= box[1] and box[2] <= y <= box[3]:
            positions[node_id] = (x, y)
        else:
            positions[node_id] = pull_to_box(centre, (x, y), box)
            moved[node_id] = math.hypot(x - positions[node_id][0], y - positions[node_id][1])
    return positions, moved


def pull_to_box(centre, point, box):
    dx, dy = point[0] - centre[0], point[1] - centre[1]
    scale = 1.0
    if dx:
        scale = min(scale, ((box[1] if dx > 0 else box[0]) - centre[0]) / dx)
    if dy:
        scale = min(scale, ((box[3] if dy > 0 else box[2]) - centre[1]) / dy)
    return centre[0] + scale * dx, centre[1] + scale * dy


def link_widths(capacities_bps):
    """Line width grows with the logarithm of capacity, from 0.6 to 5 points."""
    logs = np.log10(np.maximum(capacities_bps.to_numpy(dtype=float), 1.0))
    low, high = np.nanmin(logs), np.nanmax(logs)
    if not np.isfinite(low) or high - low < 1e-9:
        return np.full(len(logs), 2.0), {}
    widths = 0.6 + 4.4 * (logs - low) / (high - low)
    examples = {}
    for fraction in (0.0, 0.5, 1.0):
        capacity = 10 ** (low + fraction * (high - low))
        examples[format_rate(capacity)] = 0.6 + 4.4 * fraction
    return widths, examples


def plot_map(run, path):
    positions, moved = map_positions(run)
    busy = link_busy_hour(run)
    links = run.links.join(busy, on="link_id")
    links = links.assign(width=link_widths(links["capacity_bps"])[0])
    links = links.assign(sort_key=links["pressure"].fillna(-1.0)).sort_values("sort_key", kind="mergesort")
    centre_box = dense_centre(run, positions)

    panels = 2 if centre_box else 1
    figure, axes_list = plt.subplots(1, panels, figsize=(9 * panels + 1, 8.5), squeeze=False)
    whole = axes_list[0][0]
    draw_network(whole, run, links, positions, moved, lambda x, y: not inside_box(centre_box, x, y))
    whole.autoscale_view()
    if centre_box:
        centre = axes_list[0][1]
        draw_network(centre, run, links, positions, moved, lambda x, y: inside_box(centre_box, x, y))
        centre.set_xlim(centre_box[0], centre_box[1])
        centre.set_ylim(centre_box[2], centre_box[3])
        centre.set_title("the centre, enlarged", fontsize=10)
        whole.add_patch(matplotlib.patches.Rectangle((centre_box[0], centre_box[2]), centre_box[1] - centre_box[0],
                                                     centre_box[3] - centre_box[2], fill=False, ec="#2d3748",
                                                     lw=1, ls=":", zorder=10))
    hidden = int(links["congested"].fillna(False).sum()) - MAX_MAP_LABELS
    if hidden > 0:
        whole.text(0.01, 0.01, f"{hidden} more congested links not named (see report.html)",
                   transform=whole.transAxes, fontsize=8, color="#c53030")
    map_legend(whole, links, set(run.nodes["role"]))
    add_utilization_colorbar(figure, [axes for row in axes_list for axes in row], run.threshold)
    congested = int(busy["congested"].sum())
    figure.suptitle(f"{run.scenario}: the network in the busy hour{busy_hour_phrase(run)} — "
                    f"{congested} of {len(run.links)} links congested (utilization ≥ {run.threshold:.0%} "
                    "or offered load ≥ 1)", fontsize=11)
    save_figure(figure, path)


def inside_box(box, x, y):
    return box is not None and box[0] <= x <= box[1] and box[2] <= y <= box[3]


def draw_network(axes, run, links, positions, moved, label_here):
    colormap, norm = utilization_colors()
    for medium, style in (("fiber", "solid"), ("microwave", (0, (4, 2)))):
        chosen = links[links["medium"] == medium] if medium == "microwave" else links[links["medium"] != "microwave"]
        segments = [[positions[a], positions[b]] for a, b in zip(chosen["a"], chosen["b"])]
        collection = LineCollection(segments, linewidths=chosen["width"].to_numpy(), linestyles=style,
                                    cmap=colormap, norm=norm, zorder=2, capstyle="round")
        collection.set_array(np.ma.masked_invalid(chosen["utilization"].to_numpy(dtype=float)))
        axes.add_collection(collection)
    draw_nodes(axes, run, positions, moved)
    name_districts(axes, run, positions, label_here)
    label_congested_links(axes, links, positions, label_here)
    axes.set_aspect("equal", adjustable="datalim")
    axes.set_xlabel("x (km)")
    axes.set_ylabel("y (km)")


def add_utilization_colorbar(figure, axes_list, threshold):
    colormap, norm = utilization_colors()
    figure.tight_layout(rect=(0, 0, 1, 0.95))
    colorbar = figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=colormap), ax=axes_list, shrink=0.7,
                               pad=0.02)
    colorbar.set_label("busy-hour utilization (busier direction)")
    colorbar.ax.axhline(threshold, color="black", lw=1.5)


def dense_centre(run, positions):
    """A box around the densest part of the city when it is small beside the whole; else None.

    A city's centre holds most sites in a few kilometres while its outer districts stretch
    over tens: drawn at one scale, the centre would be a blot.
    """
    placed = run.nodes[run.nodes["role"] != "internet"]
    points = np.array([positions[node_id] for node_id in placed["node_id"]], dtype=float)
    points = points[np.isfinite(points).all(axis=1)]
    if len(points) < CENTRE_MIN_NODES:
        return None
    extent = max(np.ptp(points[:, 0]), np.ptp(points[:, 1]))
    middle = np.median(points, axis=0)
    radius = np.quantile(np.abs(points - middle).max(axis=1), CENTRE_SHARE_OF_NODES)
    if extent <= 0 or radius <= 0 or 2 * radius > CENTRE_MAX_SHARE_OF_EXTENT * extent:
        return None
    half = radius * 1.15
    return (middle[0] - half, middle[0] + half, middle[1] - half, middle[1] + half)


def busy_hour_phrase(run):
    start_h = run.busy_hour_start_h
    return "" if start_h is None else f" ({hour_of_day_label(start_h)}–{hour_of_day_label(start_h + 1)})"


def draw_nodes(axes, run, positions, moved):
    for role, (marker, size, color, order) in ROLE_STYLE.items():
        chosen = run.nodes[run.nodes["role"] == role]
        if chosen.empty:
            continue
        points = np.array([positions[node_id] for node_id in chosen["node_id"]])
        axes.scatter(points[:, 0], points[:, 1], marker=marker, s=size, c=color, zorder=order,
                     edgecolors="white", linewidths=0.5)
    for node_id, distance_km in moved.items():
        x, y = positions[node_id]
        axes.annotate(f"{node_id}\n({distance_km:.0f} km further)", (x, y), textcoords="offset points",
                      xytext=(0, -18), ha="center", va="top", fontsize=8, color="#1f3b73", zorder=7)


def name_districts(axes, run, positions, shown_here):
    placed = run.nodes[(run.nodes["district"] != "") & (run.nodes["role"] != "internet")]
    for district, members in placed.groupby("district", sort=True):
        points = np.array([positions[node_id] for node_id in members["node_id"]])
        x, y = points.mean(axis=0)
        if not shown_here(x, y):
            continue
        # Above the links, below the congested-link labels: a white halo keeps it legible.
        text = axes.text(x, y, district, ha="center", va="center", fontsize=10, fontweight="bold",
                         color="#2d3748", alpha=0.85, zorder=8, clip_on=True)
        text.set_path_effects([path_effects.withStroke(linewidth=3, foreground="white", alpha=0.8)])


def label_congested_links(axes, links, positions, shown_here):
    """Names the most congested links; each in the one panel where `shown_here(x, y)` of its middle."""
    congested = links[links["congested"] == True].sort_values(  # noqa: E712 (NaN is not congested)
        ["sort_key", "link_id"], ascending=[False, True], kind="mergesort")
    for link in congested.head(MAX_MAP_LABELS).itertuples():
        (ax_, ay), (bx, by) = positions[link.a], positions[link.b]
        if not shown_here((ax_ + bx) / 2, (ay + by) / 2):
            continue
        load = (f"offered {link.offered_load:.2f}×" if link.offered_load >= 1
                else f"{link.utilization:.0%}")
        axes.annotate(f"{link.link_id}: {load}", ((ax_ + bx) / 2, (ay + by) / 2), fontsize=7.5, zorder=9,
                      ha="center", va="bottom", textcoords="offset points", xytext=(0, 3),
                      bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "#c53030", "alpha": 0.85})


def map_legend(axes, links, roles_present):
    handles = [Line2D([], [], color="#4a5568", lw=2, label="fiber"),
               Line2D([], [], color="#4a5568", lw=2, ls=(0, (4, 2)), label="microwave")]
    for label, width in link_widths(links["capacity_bps"])[1].items():
        handles.append(Line2D([], [], color="#a0aec0", lw=width, label=label))
    for role, (marker, size, color, _order) in ROLE_STYLE.items():
        if role not in roles_present:
            continue
        handles.append(Line2D([], [], ls="", marker=marker, color=color, markersize=math.sqrt(size) * 0.8,
                              label=role))
    axes.legend(handles=handles, loc="upper left", fontsize=7.5, framealpha=0.85, ncol=2)


# ---------------------------------------------------------------- utilization over the day

def aggregate_load(timeseries):
    """Directions taken together: carried bits over summed capacity, per interval."""
    table = timeseries.assign(offered_bps=timeseries["offered_load"] * timeseries["capacity_bps"])
    grouped = table.groupby("interval_start_s", sort=True).agg(
        carried_bps=("carried_bps", "sum"), offered_bps=("offered_bps", "sum"),
        capacity_bps=("capacity_bps", "sum"), end_s=("interval_end_s", "max"))
    return pd.DataFrame({"start_s": grouped.index, "end_s": grouped["end_s"].to_numpy(),
                         "utilization": (grouped["carried_bps"] / grouped["capacity_bps"]).to_numpy(),
                         "offered_load": (grouped["offered_bps"] / grouped["capacity_bps"]).to_numpy()})


def utilization_series(run):
    """(label, capacity, per-interval table) for the egress, the core and the busiest links."""
    directions = run.link_summary[["link_id", "from_node", "to_node", "layer", "capacity_bps"]]
    series_table = run.timeseries.merge(directions, on=["link_id", "from_node", "to_node"], how="inner")
    roles = run.node_role()
    series = []
    egress = series_table[series_table["layer"] == "egress"]
    for inbound, label in ((True, "egress from the backbone"), (False, "egress to the backbone")):
        chosen = egress[(egress["from_node"].map(roles) == "internet") == inbound]
        if not chosen.empty:
            series.append((label, capacity_of(run, chosen), aggregate_load(chosen)))
    core = series_table[series_table["layer"] == "core"]
    if not core.empty:
        series.append(("core links, all directions", capacity_of(run, core) / 2, aggregate_load(core)))
    ranked = congested_directions(run)
    for row in ranked[ranked["layer"] != "egress"].head(MOST_CONGESTED_SHOWN).itertuples():
        chosen = series_table[(series_table["link_id"] == row.link_id) & (series_table["from_node"] == row.from_node)
                              & (series_table["to_node"] == row.to_node)]
        if not chosen.empty:
            series.append((f"{row.link_id} ({row.from_node}→{row.to_node})", row.capacity_bps,
                           aggregate_load(chosen)))
    return series


def capacity_of(run, chosen):
    unique = chosen.drop_duplicates(["link_id", "from_node", "to_node"])
    return float(unique["capacity_bps"].sum())


def step_values(table, column):
    """x, y for a step line over the intervals (each value held over its interval)."""
    x = np.append(table["start_s"].to_numpy(), table["end_s"].to_numpy()[-1]) / SECONDS_PER_HOUR
    y = table[column].to_numpy(dtype=float)
    return x, np.append(y, y[-1])


def plot_utilization(run, path):
    series = utilization_series(run)
    overloaded = [entry for entry in series if (entry[2]["offered_load"] >= 1.0).any()]
    rows = 2 if overloaded else 1
    figure, axes_list = plt.subplots(rows, 1, figsize=(11, 6.5 if rows == 1 else 9), sharex=True, squeeze=False,
                                     gridspec_kw={"height_ratios": [3, 2][:rows]})
    top = axes_list[0][0]
    colors = plt.get_cmap("tab10").colors
    color_of = {label: colors[index % len(colors)] for index, (label, _c, _t) in enumerate(series)}
    shade_busy_hour(top, run)
    top.axhline(1.0, color="black", lw=1.2, label="capacity (utilization 1)")
    top.axhline(run.threshold, color="#c53030", lw=1.0, ls="--", label=f"congestion threshold {run.threshold:.0%}")
    for label, capacity_bps, table in series:
        x, y = step_values(table, "utilization")
        is_aggregate = label.startswith(("egress", "core"))
        top.step(x, y, where="post", color=color_of[label], lw=2.2 if is_aggregate else 1.3,
                 label=f"{label}, {format_rate(capacity_bps)}")
    top.set_ylim(0, 1.08)
    top.set_ylabel("utilization (carried / capacity)")
    top.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    top.legend(loc="upper left", fontsize=8, ncol=2, framealpha=0.9)
    top.set_title(f"{run.scenario}: utilization over the day — the egress, the core and the "
                  f"{MOST_CONGESTED_SHOWN} most congested links", fontsize=11)
    if not series:
        no_data_note(top, "no link time series in link_timeseries.csv")
    if overloaded:
        plot_overload(axes_list[1][0], run, overloaded, color_of)
    if series:
        all_x = np.concatenate([step_values(table, "utilization")[0] for _l, _c, table in series])
        hour_axis(axes_list[-1][0], all_x.min(), all_x.max())
    figure.tight_layout()
    save_figure(figure, path)


def plot_overload(axes, run, overloaded, color_of):
    """Offered load where it passes 1: demand beyond capacity, a backlog that grows."""
    shade_busy_hour(axes, run)
    axes.axhline(1.0, color="black", lw=1.2)
    for label, _capacity, table in overloaded:
        x, y = step_values(table, "offered_load")
        axes.step(x, np.where(y >= 1.0, y, np.nan), where="post", color=color_of[label], lw=1.8, label=label)
        axes.step(x, y, where="post", color=color_of[label], lw=0.6, alpha=0.35)
    axes.set_ylabel("offered load (offered / capacity)")
    axes.set_ylim(bottom=0)
    axes.legend(loc="upper left", fontsize=8, framealpha=0.9)
    axes.set_title("offered load where it passes 1 (bold): overload, the utilization above cannot show it",
                   fontsize=10)


# ---------------------------------------------------------------- heatmap

def heatmap_matrix(run):
    """Links (busier direction) × intervals, in layer order, busiest first in each layer."""
    table = run.timeseries
    matrix = table.pivot_table(index="link_id", columns="interval_start_s", values="utilization", aggfunc="max",
                               dropna=False)
    layer_of = dict(zip(run.links["link_id"], run.links["layer"]))
    busy = link_busy_hour(run)["pressure"]
    order = sorted(matrix.index, key=lambda link_id: (layer_rank(layer_of.get(link_id, "")),
                                                      -np.nan_to_num(busy.get(link_id, np.nan), nan=-1.0),
                                                      link_id))
    matrix = matrix.loc[order]
    layers = pd.Series([layer_of.get(link_id, "") or "?" for link_id in order], index=order)
    ends_s = table.groupby("interval_start_s")["interval_end_s"].max()
    return matrix, layers, ends_s


def layer_rank(layer):
    return LAYER_ORDER.index(layer) if layer in LAYER_ORDER else len(LAYER_ORDER)


def plot_heatmap(run, path):
    if run.timeseries.empty:
        figure, axes = plt.subplots(figsize=(11, 7.5))
        no_data_note(axes, "no link time series in link_timeseries.csv")
        save_figure(figure, path)
        return
    matrix, layers, ends_s = heatmap_matrix(run)
    named = len(matrix) <= HEATMAP_ROWS_NAMED
    groups = [(layer, matrix.loc[layers.index[layers == layer]]) for layer in dict.fromkeys(layers)]
    # A layer of two links (the egress) stays readable beside one of hundreds (access).
    heights = [max(len(rows), HEATMAP_MIN_LAYER_SHARE * len(matrix)) for _layer, rows in groups]
    figure, axes_list = plt.subplots(len(groups), 1, sharex=True, squeeze=False,
                                     figsize=(11, max(4.0, 1.8 + 0.3 * len(matrix)) if named else 8.5),
                                     gridspec_kw={"height_ratios": heights, "hspace": 0.08})
    colormap, norm = utilization_colors()
    first_h = matrix.columns.min() / SECONDS_PER_HOUR
    last_h = ends_s.max() / SECONDS_PER_HOUR
    for axes, (layer, rows) in zip(axes_list[:, 0], groups):
        axes.imshow(np.ma.masked_invalid(rows.to_numpy(dtype=float)), aspect="auto", cmap=colormap, norm=norm,
                    interpolation="nearest", extent=(first_h, last_h, len(rows), 0))
        axes.set_ylabel(f"{layer}\n({len(rows)})", rotation=0, ha="right", va="center", fontsize=9)
        if named:
            axes.yaxis.set_label_position("right")
            axes.set_ylabel(f"{layer}", rotation=0, ha="left", va="center", fontsize=9, fontweight="bold")
            axes.set_yticks(np.arange(len(rows)) + 0.5)
            axes.set_yticklabels(rows.index, fontsize=7.5)
        else:
            axes.set_yticks([])
    hour_axis(axes_list[-1, 0], first_h, last_h)
    figure.subplots_adjust(top=0.9 if named else 0.95, bottom=0.14 if named else 0.07, left=0.13, right=0.97)
    colorbar = figure.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=colormap), ax=list(axes_list[:, 0]),
                               shrink=0.9, pad=0.08 if named else 0.03)
    colorbar.set_label("utilization (busier direction)")
    colorbar.ax.axhline(run.threshold, color="black", lw=1.5)
    axes_list[0, 0].set_title(f"{run.scenario}: utilization of every link over the day, by layer "
                              "(busiest first in each)", fontsize=11)
    save_figure(figure, path)


# ---------------------------------------------------------------- classes and applications

CLASS_CDF_CAPTION = ("Cumulative distribution of the throughput of each class's completed elastic flows "
                     "(after the warm-up), from class_line_rate_share_histogram.csv (left: as a share of the "
                     "subscriber's line rate, bins of 0.1%) and class_throughput_histogram.csv (right: in bit/s, "
                     "bins of 1.2%). A curve far left of the dotted line means a class far from its line rate.")


def class_sketch_caption(missing):
    return (f"{' and '.join(missing)} not in this folder (a run by an older citynet), so only a sketch from the "
            "5th, 50th and 95th percentiles in class_summary.csv: the bar spans p5–p95, the dot is the median. "
            "Throughput of completed elastic flows as a share of the subscriber's line rate.")


def class_throughput_caption(run):
    return class_sketch_caption(run.missing_histograms) if run.missing_histograms else CLASS_CDF_CAPTION


def plot_class_throughput(run, path):
    if run.missing_histograms:
        plot_class_throughput_sketch(run, path)
    else:
        plot_class_throughput_cdf(run, path)


def cdf_points(bins, low_column, high_column):
    """The piecewise-linear CDF of one class's non-empty bins: flat across empty bins,
    rising within a bin from the share below it to the share at its top."""
    xs, ys = [], []
    below = 0.0
    for low, high, cumulative in zip(bins[low_column], bins[high_column], bins["cumulative_share"]):
        xs += [low, high]
        ys += [below, cumulative]
        below = cumulative
    return np.array(xs, dtype=float), np.array(ys, dtype=float)


def plot_class_throughput_cdf(run, path):
    figure, (share_axes, rate_axes) = plt.subplots(1, 2, figsize=(12, 5.5))
    names = list(run.classes["class_name"])
    colors = plt.get_cmap("tab10")
    drawn, left_out = 0, []
    for index, name in enumerate(names):
        shares = run.share_histogram[run.share_histogram["class"] == name]
        rates = run.throughput_histogram[run.throughput_histogram["class"] == name]
        if rates.empty:
            left_out.append(name)
            continue
        color = colors(index % 10)
        label = f"{name} ({format_count(rates['flows'].sum())} flows)"
        if not shares.empty:
            share_axes.plot(*cdf_points(shares, "bin_low", "bin_high"), color=color, lw=1.6, label=label)
        rate_axes.plot(*cdf_points(rates, "bin_low_bps", "bin_high_bps"), color=color, lw=1.6, label=label)
        drawn += 1
    if drawn == 0:
        for axes in (share_axes, rate_axes):
            no_data_note(axes, "no completed elastic flows in the histograms")
    else:
        share_axes.axvline(0.5, color="#c53030", ls=":", lw=1, label="half the line rate")
        share_axes.set_xlim(0, max(1.02, float(run.share_histogram["bin_high"].max())))
        share_axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        share_axes.set_xlabel("throughput / line rate")
        rate_axes.set_xscale("log")
        rate_axes.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _: format_rate(value)))
        rate_axes.set_xlabel("throughput")
        for axes in (share_axes, rate_axes):
            axes.axhline(0.5, color="#a0aec0", ls="--", lw=0.8)
            axes.set_ylim(0, 1.01)
            axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
            axes.set_ylabel("share of the class's flows at or below")
            axes.grid(alpha=0.3)
        share_axes.legend(loc="upper left", fontsize=8)
    if left_out and drawn:
        rate_axes.text(0.99, 0.01, "no completed elastic flow: " + ", ".join(left_out), transform=rate_axes.transAxes,
                       ha="right", va="bottom", fontsize=8, color="#4a5568")
    figure.suptitle(f"{run.scenario}: what each subscriber class gets (elastic flows)", fontsize=11)
    figure.text(0.01, 0.01, "\n".join(wrap_words(CLASS_CDF_CAPTION, 150)), fontsize=7.5, color="#4a5568",
                va="bottom")
    figure.tight_layout(rect=(0, 0.06, 1, 1))
    save_figure(figure, path)


def plot_class_throughput_sketch(run, path):
    classes = run.classes
    figure, axes = plt.subplots(figsize=(max(7.0, 1.3 * len(classes) + 3), 5.5))
    present = classes[classes["line_rate_share_p50"].notna()]
    if present.empty:
        no_data_note(axes, "no completed elastic flows in class_summary.csv")
    else:
        positions = np.arange(len(present))
        axes.vlines(positions, present["line_rate_share_p5"], present["line_rate_share_p95"], lw=14,
                    color="#90cdf4", label="p5 – p95")
        # Ticks at p5 and p95 keep a distribution visible when it collapses to one value.
        for column in ("line_rate_share_p5", "line_rate_share_p95"):
            axes.scatter(positions, present[column], marker="_", s=400, color="#2b6cb0", zorder=2)
        axes.scatter(positions, present["line_rate_share_p50"], s=60, color="#2b6cb0", zorder=3, label="median")
        for x, row in zip(positions, present.itertuples()):
            axes.annotate(f"{row.line_rate_share_p50:.0%}", (x, row.line_rate_share_p50), textcoords="offset points",
                          xytext=(12, -3), fontsize=8)
        axes.set_xticks(positions)
        axes.set_xticklabels([f"{name}\n{format_count(count)} flows" for name, count
                              in zip(present["class_name"], present["elastic_completed"])], fontsize=8.5)
        axes.axhline(0.5, color="#c53030", ls="--", lw=1, label="half the line rate")
        axes.set_xlim(-0.7, len(present) - 0.3)
        top = np.nanmax(present["line_rate_share_p95"].to_numpy(dtype=float))
        axes.set_ylim(0, max(1.05, top * 1.05))
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
        axes.legend(loc="lower left", fontsize=8)
    left_out = classes.loc[classes["line_rate_share_p50"].isna(), "class_name"]
    if not left_out.empty and not present.empty:
        axes.text(0.99, 0.01, "no completed elastic flow: " + ", ".join(left_out), transform=axes.transAxes,
                  ha="right", va="bottom", fontsize=8, color="#4a5568")
    axes.set_ylabel("throughput / line rate")
    axes.set_title(f"{run.scenario}: what each subscriber class gets (elastic flows)", fontsize=11)
    figure.text(0.01, 0.01, "\n".join(wrap_words(class_sketch_caption(run.missing_histograms), 120)), fontsize=7.5, color="#4a5568",
                va="bottom")
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    save_figure(figure, path)


def wrap_words(text, width):
    lines, current = [], ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + ([current] if current else [])


def plot_streaming_blocking(run, path):
    streaming = run.applications[run.applications["streams"] > 0]
    figure, axes = plt.subplots(figsize=(max(7.0, 1.2 * len(streaming) + 3), 5))
    if streaming.empty:
        no_data_note(axes, "no streaming sessions in app_summary.csv")
    else:
        positions = np.arange(len(streaming))
        blocking = streaming["blocking_probability"].fillna(0.0).to_numpy(dtype=float)
        axes.bar(positions, blocking, color="#ed8936", width=0.6)
        for x, value, row in zip(positions, blocking, streaming.itertuples()):
            axes.annotate(f"{value:.1%}\n{format_count(row.streams_blocked)} of {format_count(row.streams)}",
                          (x, value), textcoords="offset points", xytext=(0, 3), ha="center", fontsize=8)
        axes.set_xticks(positions)
        axes.set_xticklabels(streaming["application"], fontsize=8.5)
        axes.set_xlim(-1, len(streaming))
        axes.set_ylim(0, max(0.05, blocking.max() * 1.3))
        axes.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    axes.set_ylabel("streams blocked / streams requested")
    axes.set_title(f"{run.scenario}: streaming blocking per application", fontsize=11)
    figure.tight_layout()
    save_figure(figure, path)


# ---------------------------------------------------------------- plan comparisons

def read_compare(folder):
    path = os.path.join(folder, COMPARE_FILE)
    return read_csv(path, needs_rows=True) if os.path.exists(path) else None


def currency_of(compare):
    """The currency of the costs ("" when the scenario names none)."""
    named = [value for value in compare["currency"].unique() if value]
    return named[0] if named else ""


def metric_grid(count):
    columns = min(3, count)
    return columns, math.ceil(count / columns)


def plot_compare_metrics(compare, path):
    metrics = list(dict.fromkeys(compare["metric"]))
    columns, rows = metric_grid(len(metrics))
    height = max(4.0, rows * (2.2 + 0.4 * compare["plan"].nunique()))
    figure, axes_grid = plt.subplots(rows, columns, figsize=(4.2 * columns + 1, height), squeeze=False)
    for axes, metric in zip(axes_grid.flat, metrics):
        chosen = compare[compare["metric"] == metric]
        positions = np.arange(len(chosen))
        errors = [chosen["mean"] - chosen["ci95_low"], chosen["ci95_high"] - chosen["mean"]]
        axes.errorbar(chosen["mean"], positions, xerr=np.abs(np.nan_to_num(np.array(errors, dtype=float))),
                      fmt="o", color="#2b6cb0", capsize=4)
        axes.set_yticks(positions)
        axes.set_yticklabels(chosen["plan"], fontsize=8.5)
        axes.invert_yaxis()
        axes.set_title(metric, fontsize=10)
        axes.grid(axis="x", alpha=0.3)
    for axes in list(axes_grid.flat)[len(metrics):]:
        axes.set_visible(False)
    figure.suptitle("plans: each key metric, mean and confidence interval over replications", fontsize=11)
    figure.tight_layout()
    save_figure(figure, path)


def plot_compare_cost(compare, path):
    metrics = list(dict.fromkeys(compare["metric"]))
    columns, rows = metric_grid(len(metrics))
    figure, axes_grid = plt.subplots(rows, columns, figsize=(4.2 * columns + 1, 3.6 * rows), squeeze=False)
    for axes, metric in zip(axes_grid.flat, metrics):
        chosen = compare[(compare["metric"] == metric) & compare["cost"].notna() & compare["diff_mean"].notna()]
        if chosen.empty:
            no_data_note(axes, "no plan with a cost and a difference")
        else:
            errors = np.abs(np.nan_to_num(np.array([chosen["diff_mean"] - chosen["diff_ci95_low"],
                                                    chosen["diff_ci95_high"] - chosen["diff_mean"]], dtype=float)))
            axes.errorbar(chosen["cost"], chosen["diff_mean"], yerr=errors, fmt="o", color="#2f855a", capsize=4)
            for row in chosen.itertuples():
                axes.annotate(row.plan, (row.cost, row.diff_mean), textcoords="offset points", xytext=(5, 4),
                              fontsize=8)
            axes.axhline(0.0, color="black", lw=0.8)
            axes.margins(0.15)
            axes.set_xlabel(f"cost ({currency_of(compare)})" if currency_of(compare) else "cost")
            axes.grid(alpha=0.3)
        axes.set_title(f"{metric}: difference from the baseline", fontsize=10)
    for axes in list(axes_grid.flat)[len(metrics):]:
        axes.set_visible(False)
    figure.suptitle("plans: cost against improvement (difference from the baseline with its confidence interval)", fontsize=11)
    figure.tight_layout()
    save_figure(figure, path)


# ---------------------------------------------------------------- sweeps

MAX_SWEEP_SERIES_NAMED = 8  # lines of one panel named in its legend; more would hide the panel
LOG_AXIS_MIN_RATIO = 100    # an axis whose values span this factor or more is drawn on a log scale


def t_quantile_975(degrees):
    """Student's t quantile at 0.975: the half-width factor of a two-sided 95% interval."""
    if degrees <= len(T_975):
        return T_975[degrees - 1]
    z = Z_975
    return z + (z ** 3 + z) / (4 * degrees) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * degrees ** 2)


def mean_interval(values):
    """The mean of the values and the half-width of its 95% t-interval (NaN under 2 values)."""
    values = values.dropna()
    if values.empty:
        return math.nan, math.nan
    if len(values) < 2:
        return values.mean(), math.nan
    return values.mean(), t_quantile_975(len(values) - 1) * values.std(ddof=1) / math.sqrt(len(values))


class Sweep:
    """sweep.csv: one row per point and replication; the axes are the columns the schema's
    placeholder stands for, the metrics its numeric columns other than the row's keys."""

    def __init__(self, folder):
        path = os.path.join(folder, SWEEP_FILE)
        columns = columns_of(SWEEP_FILE)
        self.table = read_csv(path, columns, needs_rows=True)
        self.axes = [name for name in read_header(path) if name not in columns]
        if not self.axes:
            raise BadInput(path, "no axis column; expected one per axis of the sweep file after seed")
        measured = [name for name, kind in columns.items() if kind != TEXT and name not in SWEEP_KEYS
                    and self.table[name].notna().any()]
        self.metrics = [name for name in measured if self.table[name].nunique(dropna=True) > 1]
        self.constant = [name for name in measured if name not in self.metrics]
        self.points = self.table["point"].nunique()
        self.replications = self.table.groupby("point").size().max()

    def numeric_axis(self, axis):
        return pd.api.types.is_numeric_dtype(self.table[axis])


def metric_range(metric):
    """Every sweep metric is a count, load, rate, time or share that cannot be negative; a
    utilization, a share or a probability cannot pass 1 either. Intervals are cut there, as
    compare.csv's are."""
    bounded = any(word in metric for word in ("utilization", "share", "probability"))
    return 0.0, (1.0 if bounded else math.inf)


def clipped_errors(means, halves, metric):
    """Error bars (below, above) of mean ± half-width, cut at the metric's range."""
    low, high = metric_range(metric)
    means = np.asarray(means, dtype=float)
    halves = np.nan_to_num(np.asarray(halves, dtype=float))
    return np.vstack([means - np.maximum(means - halves, low), np.minimum(means + halves, high) - means])


def sweep_series(sweep, metric, axis):
    """One line per combination of the other axes: (label, x values, means, half-widths)."""
    others = [name for name in sweep.axes if name != axis]
    if not others:
        groups = [((), sweep.table)]
    else:
        groups = sweep.table.groupby(others[0] if len(others) == 1 else others, sort=False)
    series = []
    for key, rows in groups:
        key = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{name} {value}" for name, value in zip(others, key))
        xs, means, halves = [], [], []
        for value, at_value in rows.groupby(axis, sort=False):
            mean, half = mean_interval(at_value[metric])
            xs.append(value)
            means.append(mean)
            halves.append(half)
        series.append((label, xs, means, halves))
    return series


def plot_sweep_axis(sweep, axis, path):
    metrics = sweep.metrics or sweep.constant
    columns, rows = metric_grid(len(metrics))
    figure, axes_grid = plt.subplots(rows, columns, figsize=(4.4 * columns + 0.6, 3.3 * rows + 0.6), squeeze=False)
    categories = list(dict.fromkeys(sweep.table[axis]))
    for axes, metric in zip(axes_grid.flat, metrics):
        series = sweep_series(sweep, metric, axis)
        for index, (label, xs, means, halves) in enumerate(series):
            x = xs if sweep.numeric_axis(axis) else [categories.index(value) for value in xs]
            order = np.argsort(x, kind="stable")
            axes.errorbar(np.asarray(x, dtype=float)[order], np.asarray(means, dtype=float)[order],
                          yerr=clipped_errors(means, halves, metric)[:, order], fmt="o-", capsize=3, lw=1.2,
                          markersize=4, label=label if index < MAX_SWEEP_SERIES_NAMED else None)
        if sweep.numeric_axis(axis) and min(categories) > 0 and max(categories) >= LOG_AXIS_MIN_RATIO * min(categories):
            axes.set_xscale("log")
        if not sweep.numeric_axis(axis):
            axes.set_xticks(range(len(categories)))
            axes.set_xticklabels([str(value) for value in categories], fontsize=8)
        axes.set_title(metric, fontsize=9.5)
        axes.set_xlabel(axis, fontsize=8.5)
        axes.grid(alpha=0.3)
        if len(series) > 1:
            axes.legend(fontsize=7)
    for axes in list(axes_grid.flat)[len(metrics):]:
        axes.set_visible(False)
    figure.suptitle(f"sweep: each metric against {axis}, mean and 95% interval over {sweep.replications} "
                    "replications (cut at the metric's range)", fontsize=11)
    figure.tight_layout(rect=(0, 0, 1, 0.97))
    save_figure(figure, path)


def sweep_figure_name(axis):
    return f"sweep_{re.sub(r'[^A-Za-z0-9_.-]+', '_', axis)}.png"


def plot_sweep(folder):
    sweep = Sweep(folder)
    figures = []
    for axis in sweep.axes:
        name = sweep_figure_name(axis)
        plot_sweep_axis(sweep, axis, os.path.join(folder, name))
        figures.append(name)
    parts = [f"<p>{sweep.points} points, {sweep.replications} replications each; axes: "
             f"{html.escape(', '.join(sweep.axes))}. Each panel is a metric of sweep.csv against one axis, one line "
             "per value of the other axes: the mean over replications and its 95% interval (Student's t).</p>"]
    if sweep.constant:
        parts.append(f'<p class="note">The same in every run: {html.escape(", ".join(sweep.constant))}.</p>')
    parts += [html_figure(name, f"Each metric against {axis}.") for name, axis in zip(figures, sweep.axes)]
    write_page(folder, "citynet: sweep", parts)
    return figures


# ---------------------------------------------------------------- report.html

REPORT_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 1150px; color: #1a202c; line-height: 1.4; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #cbd5e0; }
table { border-collapse: collapse; margin: 0.5em 0 1em; font-size: 0.9em; }
th, td { border: 1px solid #cbd5e0; padding: 0.25em 0.6em; text-align: right; }
th { background: #edf2f7; } td:first-child, th:first-child { text-align: left; }
figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #e2e8f0; }
figcaption { font-size: 0.9em; color: #4a5568; } .note { color: #4a5568; font-size: 0.9em; }
"""


def html_table(header, rows):
    head = "".join(f"<th>{html.escape(str(name))}</th>" for name in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(cell))}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def html_figure(file_name, caption):
    return (f'<figure><img src="{html.escape(file_name)}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>")


def summary_rows(run):
    s = run.summary
    busy = run.busy_hour_start_h
    rows = [("busy hour", "–" if busy is None else f"{hour_of_day_label(busy)}–{hour_of_day_label(busy + 1)}"),
            ("egress capacity", format_rate(s["egress_capacity_bps"])),
            ("egress busier way in the busy hour", s.get("egress_busy_direction", "–") or "–"),
            ("egress busy-hour utilization", format_share(s["egress_busy_hour_utilization"])),
            ("egress busy-hour offered load", format_load(s["egress_busy_hour_offered_load"])),
            ("core capacity", format_rate(s["core_capacity_bps"])),
            ("core busy-hour utilization", format_share(s["core_busy_hour_utilization"])),
            ("core busy-hour offered load", format_load(s["core_busy_hour_offered_load"]))]
    for column in s.index:
        if column.startswith("congested_links_"):
            rows.append((f"congested links, {column.removeprefix('congested_links_')}", format_count(s[column])))
    rows += [("flows", format_count(s["flows"])),
             ("offered", format_bytes(s["offered_bytes"])),
             ("not served", format_bytes(s["bytes_not_served"])),
             ("streaming blocking", format_share(s["streaming_blocking_probability"])),
             ("subscribers under half their line rate", format_share(s["share_of_subscribers_under_half_line_rate"]))]
    return rows


def congested_link_rows(run):
    ranked = congested_directions(run).head(REPORT_TABLE_LINKS)
    return [(row.link_id, f"{row.from_node}→{row.to_node}", row.layer, row.medium, row.district or "–",
             format_rate(row.capacity_bps), format_share(row.busy_hour_utilization),
             format_load(row.busy_hour_offered_load), format_share(row.p95_utilization),
             f"{row.congested_h:g}") for row in ranked.itertuples()]


def class_rows(run):
    return [(row.class_name, format_count(row.flows), format_count(row.elastic_completed),
             format_rate(row.throughput_p50_bps), format_share(row.line_rate_share_p5),
             format_share(row.line_rate_share_p50), format_share(row.line_rate_share_p95),
             format_seconds(row.mean_completion_s), format_share(row.blocking_probability),
             format_share(row.share_of_subscribers_under_half_line_rate)) for row in run.classes.itertuples()]


def application_rows(run):
    return [(row.application, format_count(row.flows), format_bytes(row.offered_bytes),
             format_rate(row.throughput_p50_bps), format_seconds(row.mean_completion_s), format_count(row.streams),
             format_share(row.blocking_probability)) for row in run.applications.itertuples()]


def compare_rows(compare):
    def number(value):
        return "–" if pd.isna(value) else f"{value:.4g}"
    currency = currency_of(compare)
    return [(row.plan, row.metric, row.unit, number(row.mean), f"[{number(row.ci95_low)}, {number(row.ci95_high)}]",
             number(row.diff_mean), f"[{number(row.diff_ci95_low)}, {number(row.diff_ci95_high)}]",
             f"{number(row.cost)} {currency}".strip()) for row in compare.itertuples()]


def run_sections(run, figures):
    captions = {
        "map.png": "The network at its coordinates: links colored by busy-hour utilization (busier direction), "
                   "width by capacity, microwave dashed; congested links named; the black line on the colour "
                   "bar is the congestion threshold. A far node (the internet) is drawn at the map's edge.",
        "utilization.png": "Utilization over the day of the egress, the core and the most congested links; "
                           "capacity and congestion threshold marked; busy hour shaded.",
        "heatmap.png": "Every link (its busier direction) against time of day, grouped by layer, busiest first "
                       "in each layer; the black line on the colour bar is the congestion threshold.",
        "class_throughput.png": class_throughput_caption(run),
        "streaming_blocking.png": "Share of streaming sessions blocked, per application.",
    }
    parts = [f"<h2>Summary</h2>{html_table(('figure', 'value'), summary_rows(run))}",
             f'<p class="note">Congested: busy-hour utilization ≥ {run.threshold:.0%} or offered load ≥ 1 '
             "(offered load ≥ 1 is overload: the backlog grows).</p>"]
    for file_name in figures:
        if file_name in captions:
            parts.append(html_figure(file_name, captions[file_name]))
            if file_name == "heatmap.png":
                parts.append(f"<h2>Most congested link directions</h2>" + html_table(
                    ("link", "direction", "layer", "medium", "district", "capacity", "busy-hour utilization",
                     "busy-hour offered load", "p95 utilization", "hours congested"),
                    congested_link_rows(run)))
    parts.append("<h2>Subscriber classes</h2>" + html_table(
        ("class", "flows", "elastic completed", "median throughput", "p5 share of line rate", "median share",
         "p95 share", "mean completion", "streaming blocking", "subscribers under half line rate"), class_rows(run)))
    parts.append("<h2>Applications</h2>" + html_table(
        ("application", "flows", "offered", "median throughput", "mean completion", "streams", "blocking"),
        application_rows(run)))
    return parts


def compare_sections(compare, figures):
    parts = ["<h2>Plan comparison</h2>", html_table(
        ("plan", "metric", "unit", "mean", "95% interval", "difference from the baseline", "its 95% interval", "cost"),
        compare_rows(compare))]
    if "compare_metrics.png" in figures:
        parts.append(html_figure("compare_metrics.png", "Each key metric per plan with its confidence interval."))
    if "compare_cost.png" in figures:
        parts.append(html_figure("compare_cost.png", "Cost against improvement over the baseline."))
    return parts


def write_report(folder, run, compare, figures):
    parts = []
    if run:
        parts += run_sections(run, figures)
    if compare is not None:
        parts += compare_sections(compare, figures)
    write_page(folder, f"citynet: {run.scenario}" if run else "citynet: plan comparison", parts)


def write_page(folder, title, parts):
    page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{html.escape(title)}</title>\n<style>{REPORT_STYLE}</style>\n</head>\n<body>\n"
            + f"<h1>{html.escape(title)}</h1>\n" + "\n".join(parts) + "\n</body>\n</html>\n")
    write_text_file(os.path.join(folder, "report.html"), page)


# ---------------------------------------------------------------- the modes

def plot_results(folder, threshold_override):
    if os.path.exists(os.path.join(folder, SWEEP_FILE)) and not is_run_folder(folder):
        return plot_sweep(folder)
    run = None
    figures = []
    if is_run_folder(folder) or not os.path.exists(os.path.join(folder, COMPARE_FILE)):
        run = Run(folder)
        run.threshold = congestion_threshold(folder, threshold_override)
        for file_name, plot in (("map.png", plot_map), ("utilization.png", plot_utilization),
                                ("heatmap.png", plot_heatmap), ("class_throughput.png", plot_class_throughput),
                                ("streaming_blocking.png", plot_streaming_blocking)):
            plot(run, os.path.join(folder, file_name))
            figures.append(file_name)
    compare = read_compare(folder)
    if compare is not None:
        plot_compare_metrics(compare, os.path.join(folder, "compare_metrics.png"))
        plot_compare_cost(compare, os.path.join(folder, "compare_cost.png"))
        figures += ["compare_metrics.png", "compare_cost.png"]
    write_report(folder, run, compare, figures)
    return figures


def history_point(folder):
    path = os.path.join(folder, "summary.csv")
    row = read_csv(path, needs_rows=True).iloc[0]
    capacity_bps = row["egress_capacity_bps"]
    if pd.isna(capacity_bps) or capacity_bps <= 0:
        raise BadInput(path, "egress_capacity_bps: expected a positive capacity")
    # The egress's offered load is that of its busier way (egress_busy_direction) over the
    # capacity of that way: times the capacity it is the traffic offered that way.
    offered_bps = row["egress_busy_hour_offered_load"] * capacity_bps
    year = re.search(r"(19|20)\d\d", str(row["scenario"])) or re.search(r"(19|20)\d\d", os.path.basename(
        os.path.normpath(folder)))
    direction = row.get("egress_busy_direction", "")
    return {"label": year.group(0) if year else str(row["scenario"]), "year": int(year.group(0)) if year else None,
            "capacity_bps": capacity_bps, "offered_bps": offered_bps,
            "offered_load": row["egress_busy_hour_offered_load"],
            "direction": direction if isinstance(direction, str) else ""}


def annotate_history_point(axes, x, point):
    """Capacity and offered traffic, the higher one's label above it, the lower one's below."""
    offered_bps = point["offered_bps"]
    has_offered = not pd.isna(offered_bps) and offered_bps > 0
    offered_higher = has_offered and offered_bps > point["capacity_bps"]
    axes.annotate(format_rate(point["capacity_bps"]), (x, point["capacity_bps"]), textcoords="offset points",
                  xytext=(0, -10 if offered_higher else 8), va="top" if offered_higher else "bottom", ha="center",
                  fontsize=8.5, color="#1f3b73")
    if has_offered:
        way = f" {point['direction']}" if point["direction"] else ""
        axes.annotate(f"{format_rate(offered_bps)}{way}\noffered load {point['offered_load']:.2f}", (x, offered_bps),
                      textcoords="offset points", xytext=(0, 8 if offered_higher else -10),
                      va="bottom" if offered_higher else "top", ha="center", fontsize=8.5, color="#9c4221")


def plot_history(folders, out_path):
    points = [history_point(folder) for folder in folders]
    numeric = all(point["year"] is not None for point in points)
    x = [point["year"] if numeric else index for index, point in enumerate(points)]
    figure, axes = plt.subplots(figsize=(8, 5.5))
    capacities = [point["capacity_bps"] for point in points]
    offered = [point["offered_bps"] for point in points]
    axes.plot(x, capacities, "s-", color="#1f3b73", lw=2, label="egress capacity (each way)")
    axes.plot(x, offered, "o--", color="#dd6b20", lw=2, label="busy-hour offered traffic (the busier way)")
    for xi, point in zip(x, points):
        annotate_history_point(axes, xi, point)
    axes.set_yscale("log")
    # Ticks at 1, 2 and 5 of each decade, read as rates; the years span two decades.
    axes.yaxis.set_major_locator(matplotlib.ticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda value, _position: format_rate(value)))
    axes.yaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
    axes.set_xticks(x)
    axes.set_xticklabels([point["label"] for point in points])
    if numeric and len(x) > 1:
        axes.set_xlim(min(x) - 0.6, max(x) + 0.6)
    axes.set_ylabel("rate (log scale)")
    axes.set_title("City egress to the national backbone: capacity against busy-hour offered traffic", fontsize=11)
    axes.grid(which="both", axis="y", alpha=0.3)
    axes.legend(loc="upper left", fontsize=9)
    axes.margins(y=0.25)
    figure.tight_layout()
    directory = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(directory, exist_ok=True)
    save_figure(figure, out_path)


def parse_arguments(arguments):
    parser = argparse.ArgumentParser(
        prog=SCRIPT, description="Figures and report.html from the CSV files of a citynet results folder.")
    parser.add_argument("results_dir", nargs="?", help="a results folder written by `citynet run`")
    parser.add_argument("--threshold", type=float, help="congestion threshold (default: the run's, else 0.9)")
    parser.add_argument("--history", nargs="+", metavar="DIR",
                        help="results folders of several years: plot egress capacity against offered traffic")
    parser.add_argument("--out", help="with --history: the PNG file to write")
    options = parser.parse_args(arguments)
    if options.history:
        if options.results_dir or not options.out:
            parser.error("--history takes results folders and --out FILE.png, and no RESULTS_DIR")
    elif not options.results_dir:
        parser.error("expected RESULTS_DIR (or --history DIR... --out FILE.png)")
    elif options.out:
        parser.error("--out goes with --history")
    return options


def main(arguments):
    options = parse_arguments(arguments)
    try:
        if options.history:
            plot_history(options.history, options.out)
            print(options.out)
        else:
            if not os.path.isdir(options.results_dir):
                raise BadInput(options.results_dir, "not a results folder (no such directory)")
            plot_results(options.results_dir, options.threshold)
            print(os.path.join(options.results_dir, "report.html"))
    except BadInput as error:
        sys.stderr.write(f"{SCRIPT}: {error.path}: {error.what}\n")
        return EXIT_BAD_INPUT
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
