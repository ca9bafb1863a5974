#!/usr/bin/env python3
"""scripts/plot.py on folders citynet wrote (a small run, a plan comparison, a sweep): every
figure is a valid PNG of a sensible size, the report references only files that exist and
nothing on the network, bad input gives one line naming the file and exit 2, names with
commas and quotes read back whole, every CSV has the header of the schema plot.py reads,
plan comparisons, sweeps and the history mode draw.

Environment: CITYNET_BINARY (the citynet program), CITYNET_SOURCE_DIR (the repository;
default: two folders up). Run with an interpreter that imports matplotlib and pandas
(Debian's python3-matplotlib, python3-pandas).
"""
import contextlib
import csv
import html.parser
import importlib.util
import io
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get("CITYNET_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PLOT_SCRIPT = os.path.join(SOURCE_DIR, "scripts", "plot.py")
SMALL_SCENARIO = os.path.join(SOURCE_DIR, "scenarios", "small-town.yaml")
# Long enough for a whole busy hour after the scenario's one-hour warm-up, short enough
# to keep the test to seconds.
RUN_DURATION = "4h"
RUN_FIGURES = {"map.png", "utilization.png", "heatmap.png", "class_throughput.png", "streaming_blocking.png"}
COMPARE_FIGURES = {"compare_metrics.png", "compare_cost.png"}
# The small town with plans (costs in CNY) and a sweep of it over two axes, both short.
PLANS = """
costs: {currency: CNY, egress_per_gbps: 1000000, microwave_link: 150000}
plans:
  - name: double-all
    changes:
      - scale: {factor: 2}
  - name: radio
    changes:
      - add_link: {id: radio-2, a: access-riverside, b: core, medium: microwave, capacity: 155.52Mbps}
"""
COMPARE_ARGUMENTS = ("--replications", "2", "--duration", "2h")
SWEEP_AXES = ("network_links_uplink_capacity_bps", "demand_applications_web_sessions_per_day")
SWEEP = """scenario: {scenario}
replications: 2
set: {{simulation.duration: 2h, simulation.warmup: 1h}}
grid:
  - {{key: network.links.uplink.capacity, values: [2Mbps, 100Mbps]}}
  - {{key: demand.applications.web.sessions_per_day, values: [60, 240]}}
"""
# Names a writer that does not quote would break (RFC 4180: comma, quote).
AWKWARD_NODE = 'access, "riverside"'
AWKWARD_DISTRICT = "Riverside, old town"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MIN_FIGURE_PX = 300
MAX_FIGURE_PX = 5000
EXIT_BAD_INPUT = 2
TIMEOUT_S = 300
HISTOGRAM_FILES = ("class_throughput_histogram.csv", "class_line_rate_share_histogram.csv")


def plotting_packages_problem():
    try:
        import matplotlib  # noqa: F401
        import pandas  # noqa: F401
    except ImportError as error:
        return (f"the plot test needs matplotlib and pandas, and {sys.executable} cannot import "
                f"{error.name}: install python3-matplotlib and python3-pandas (scripts/setup.sh does)")
    return None


def run_plot(*arguments):
    """The script as users run it: a process of its own."""
    return subprocess.run([sys.executable, PLOT_SCRIPT, *arguments], capture_output=True, text=True,
                          timeout=TIMEOUT_S)


_plot_module = None


def plot_module():
    """scripts/plot.py loaded once as a module."""
    global _plot_module
    if _plot_module is None:
        spec = importlib.util.spec_from_file_location("citynet_plot", PLOT_SCRIPT)
        _plot_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(_plot_module)
    return _plot_module


def plot_in_process(*arguments):
    """The script's main() in this process: the same code path without paying for a new
    interpreter and matplotlib's import at every case."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        returncode = plot_module().main(list(arguments))
    return subprocess.CompletedProcess(arguments, returncode, stdout.getvalue(), stderr.getvalue())


def png_size(path):
    """(width, height) from the IHDR chunk; AssertionError when the file is not a PNG."""
    with open(path, "rb") as file:
        head = file.read(33)
    assert head[:8] == PNG_SIGNATURE, f"{path}: no PNG signature"
    length, chunk_type = struct.unpack(">I4s", head[8:16])
    assert chunk_type == b"IHDR" and length == 13, f"{path}: the first chunk is not IHDR"
    return struct.unpack(">II", head[16:24])


class ReferenceCollector(html.parser.HTMLParser):
    """Every src and href in a page, and the tags that would load code or style."""

    def __init__(self):
        super().__init__()
        self.references = []
        self.scripts = 0
        self.linked_files = 0

    def handle_starttag(self, tag, attributes):
        self.scripts += tag == "script"
        self.linked_files += tag == "link"
        self.references += [value for name, value in attributes if name in ("src", "href") and value]


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as file:
        return list(csv.reader(file))


def write_rows(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def citynet(*arguments):
    binary = os.environ.get("CITYNET_BINARY")
    if not binary or not os.access(binary, os.X_OK):
        raise RuntimeError(f"CITYNET_BINARY must name the citynet program; got {binary!r}")
    finished = subprocess.run([binary, *arguments], capture_output=True, text=True, timeout=TIMEOUT_S)
    if finished.returncode != 0:
        raise RuntimeError(f"citynet {arguments[0]} failed ({finished.returncode}): {finished.stderr}")


def small_town_text():
    with open(SMALL_SCENARIO, encoding="utf-8") as file:
        return file.read()


def write_text(path, text):
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
    return path


class PlotScriptTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work_dir = tempfile.mkdtemp(prefix="citynet-plot-test-")
        cls.run_dir = os.path.join(cls.work_dir, "small-town")
        citynet("run", SMALL_SCENARIO, "--out", cls.run_dir, "--duration", RUN_DURATION, "--quiet")
        cls.compare_dir = os.path.join(cls.work_dir, "small-town-compare")
        plans = write_text(os.path.join(cls.work_dir, "town-plans.yaml"), small_town_text() + PLANS)
        citynet("compare", plans, "--out", cls.compare_dir, *COMPARE_ARGUMENTS, "--quiet")
        cls.sweep_dir = os.path.join(cls.work_dir, "small-town-sweep")
        sweep = write_text(os.path.join(cls.work_dir, "sweep.yaml"), SWEEP.format(scenario=SMALL_SCENARIO))
        citynet("sweep", sweep, "--out", cls.sweep_dir)
        cls.plotted_dir = cls.copy_of_run("plotted")
        cls.plotted = run_plot(cls.plotted_dir)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work_dir, ignore_errors=True)

    @classmethod
    def copy_of_run(cls, name):
        copy = os.path.join(cls.work_dir, name)
        shutil.copytree(cls.run_dir, copy)
        return copy

    def assert_valid_figure(self, path):
        self.assertTrue(os.path.isfile(path), f"{path} was not written")
        width, height = png_size(path)
        self.assertTrue(MIN_FIGURE_PX <= width <= MAX_FIGURE_PX and MIN_FIGURE_PX <= height <= MAX_FIGURE_PX,
                        f"{path}: {width}×{height} px")

    def assert_bad_input(self, finished, file_name):
        self.assertEqual(finished.returncode, EXIT_BAD_INPUT, finished.stderr)
        lines = finished.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, f"expected one line, got: {finished.stderr}")
        self.assertTrue(lines[0].startswith("plot.py: "), lines[0])
        self.assertIn(file_name, lines[0])

    def test_every_figure_of_a_run_is_a_valid_png(self):
        self.assertEqual(self.plotted.returncode, 0, self.plotted.stderr)
        written = {name for name in os.listdir(self.plotted_dir) if name.endswith(".png")}
        self.assertEqual(written, RUN_FIGURES, "a run without compare.csv gets exactly the run figures")
        for name in sorted(written):
            self.assert_valid_figure(os.path.join(self.plotted_dir, name))

    def test_report_references_only_files_that_exist_beside_it(self):
        self.assertEqual(self.plotted.returncode, 0, self.plotted.stderr)
        collector = ReferenceCollector()
        with open(os.path.join(self.plotted_dir, "report.html"), encoding="utf-8") as file:
            collector.feed(file.read())
        self.assertEqual(collector.scripts, 0, "the report runs no script")
        self.assertEqual(collector.linked_files, 0, "the report's style is inline")
        for reference in collector.references:
            self.assertNotIn(":", reference, f"{reference}: a relative path, nothing fetched from elsewhere")
            self.assertFalse(reference.startswith("/"), reference)
            self.assertTrue(os.path.isfile(os.path.join(self.plotted_dir, reference)), f"{reference} does not exist")
        self.assertEqual(set(collector.references), RUN_FIGURES, "the report shows every figure")

    def test_same_csv_files_give_the_same_figures(self):
        again_dir = self.copy_of_run("again")
        self.assertEqual(plot_in_process(again_dir).returncode, 0)
        for name in sorted(RUN_FIGURES | {"report.html"}):
            with open(os.path.join(self.plotted_dir, name), "rb") as first, \
                    open(os.path.join(again_dir, name), "rb") as second:
                self.assertEqual(first.read(), second.read(), f"{name} differs between two plots of one run")

    def test_a_missing_csv_is_named_with_exit_2(self):
        folder = self.copy_of_run("missing")
        os.remove(os.path.join(folder, "link_summary.csv"))
        finished = run_plot(folder)
        self.assert_bad_input(finished, "link_summary.csv")
        self.assertIn("missing", finished.stderr)

    def test_a_cell_that_is_not_a_number_is_named_with_its_line(self):
        folder = self.copy_of_run("not-a-number")
        path = os.path.join(folder, "link_timeseries.csv")
        rows = read_rows(path)
        rows[3][rows[0].index("utilization")] = "lots"
        write_rows(path, rows)
        finished = plot_in_process(folder)
        self.assert_bad_input(finished, "link_timeseries.csv")
        self.assertIn("line 4", finished.stderr)
        self.assertIn("utilization", finished.stderr)

    def test_a_missing_column_is_named(self):
        folder = self.copy_of_run("no-column")
        path = os.path.join(folder, "topology_nodes.csv")
        rows = [[cell for index, cell in enumerate(row) if index != 3] for row in read_rows(path)]  # drops x_km
        write_rows(path, rows)
        finished = plot_in_process(folder)
        self.assert_bad_input(finished, "topology_nodes.csv")
        self.assertIn("x_km", finished.stderr)

    def test_an_empty_or_ragged_csv_is_named(self):
        for file_name, content in (("summary.csv", ""), ("topology_links.csv", "link_id,a,b\n\"unclosed,1,2\n"),
                                   ("class_summary.csv", "class,flows\nadsl,1,2,3,4\n"),
                                   ("class_throughput_histogram.csv", "class,bin_low_bps,flows\nadsl,1,2\n")):
            with self.subTest(file_name=file_name):
                folder = self.copy_of_run(f"malformed-{file_name}")
                with open(os.path.join(folder, file_name), "w", encoding="utf-8") as file:
                    file.write(content)
                self.assert_bad_input(plot_in_process(folder), file_name)

    def test_class_figure_is_the_distribution_from_the_histograms(self):
        self.assertEqual(self.plotted.returncode, 0, self.plotted.stderr)
        with open(os.path.join(self.plotted_dir, "report.html"), encoding="utf-8") as file:
            report = file.read()
        self.assertIn("Cumulative distribution", report)
        self.assertNotIn("only a sketch", report)
        # The figure follows the bins: every flow of every class moved into one bin draws
        # another figure.
        folder = self.copy_of_run("one-bin")
        for name in HISTOGRAM_FILES:
            path = os.path.join(folder, name)
            rows = read_rows(path)
            header, first_of_class = rows[0], {}
            for row in rows[1:]:
                first_of_class.setdefault(row[0], row)
            flows = header.index("flows")
            totals = {name: sum(int(row[flows]) for row in rows[1:] if row[0] == name) for name in first_of_class}
            one_bin = [row[:flows] + [str(totals[row[0]]), "1"] for row in first_of_class.values()]
            write_rows(path, [header] + one_bin)
        self.assertEqual(plot_in_process(folder).returncode, 0)
        with open(os.path.join(self.plotted_dir, "class_throughput.png"), "rb") as first, \
                open(os.path.join(folder, "class_throughput.png"), "rb") as second:
            self.assertNotEqual(first.read(), second.read())

    def test_class_figure_falls_back_to_percentiles_without_the_histograms(self):
        folder = self.copy_of_run("no-histograms")
        for name in HISTOGRAM_FILES:
            os.remove(os.path.join(folder, name))
        finished = plot_in_process(folder)
        self.assertEqual(finished.returncode, 0, finished.stderr)
        self.assert_valid_figure(os.path.join(folder, "class_throughput.png"))
        with open(os.path.join(folder, "report.html"), encoding="utf-8") as file:
            report = file.read()
        self.assertIn("only a sketch", report)
        for name in HISTOGRAM_FILES:
            self.assertIn(name, report)

    def test_a_folder_that_does_not_exist_is_named(self):
        missing = os.path.join(self.work_dir, "nowhere")
        self.assert_bad_input(plot_in_process(missing), missing)

    def test_plan_comparison_figures_from_the_compare_folder_citynet_wrote(self):
        folder = os.path.join(self.work_dir, "compared")
        shutil.copytree(self.compare_dir, folder)
        finished = plot_in_process(folder)
        self.assertEqual(finished.returncode, 0, finished.stderr)
        written = {name for name in os.listdir(folder) if name.endswith(".png")}
        self.assertEqual(written, COMPARE_FIGURES)
        for name in sorted(written):
            self.assert_valid_figure(os.path.join(folder, name))
        with open(os.path.join(folder, "report.html"), encoding="utf-8") as file:
            report = file.read()
        self.assertIn("double-all", report)
        self.assertIn("CNY", report, "costs are shown in the scenario's currency")

    def test_sweep_figures_each_metric_against_each_axis(self):
        folder = os.path.join(self.work_dir, "swept")
        shutil.copytree(self.sweep_dir, folder)
        finished = plot_in_process(folder)
        self.assertEqual(finished.returncode, 0, finished.stderr)
        figures = {f"sweep_{axis}.png" for axis in SWEEP_AXES}
        self.assertEqual({name for name in os.listdir(folder) if name.endswith(".png")}, figures)
        for name in sorted(figures):
            self.assert_valid_figure(os.path.join(folder, name))
        collector = ReferenceCollector()
        with open(os.path.join(folder, "report.html"), encoding="utf-8") as file:
            collector.feed(file.read())
        self.assertEqual(set(collector.references), figures)

    def test_sweep_interval_is_students_t_over_the_replications(self):
        module = plot_module()
        import pandas
        # 1, 2, 3: mean 2, standard deviation 1, t(0.975, 2) = 4.303, half-width 4.303 / sqrt(3).
        mean, half = module.mean_interval(pandas.Series([1.0, 2.0, 3.0]))
        self.assertAlmostEqual(mean, 2.0)
        self.assertAlmostEqual(half, 4.303 / 3 ** 0.5, places=9)
        mean, half = module.mean_interval(pandas.Series([5.0, float("nan")]))
        self.assertEqual(mean, 5.0)
        self.assertTrue(half != half, "one replication has no interval")
        # Beyond the table: t(0.975, 60) = 2.0003, t(0.975, 120) = 1.9799.
        self.assertAlmostEqual(module.t_quantile_975(60), 2.0003, places=3)
        self.assertAlmostEqual(module.t_quantile_975(120), 1.9799, places=3)

    def test_every_csv_citynet_wrote_has_the_header_of_the_schema(self):
        schema = plot_module().schema()
        seen = set()
        for folder in (self.run_dir, self.compare_dir, self.sweep_dir):
            for name in sorted(os.listdir(folder)):
                if not name.endswith(".csv"):
                    continue
                self.assertIn(name, schema, f"{name} is not in the schema")
                header = read_rows(os.path.join(folder, name))[0]
                expected = [column for column, kind in schema[name].items() if kind != "columns"]
                if name == "sweep.csv":
                    expected[3:3] = SWEEP_AXES
                self.assertEqual(header, expected, name)
                seen.add(name)
        self.assertTrue({"summary.csv", "events.csv", "compare.csv", "sweep.csv"} <= seen)

    def test_names_with_commas_and_quotes_read_back_whole(self):
        text = (small_town_text().replace("access-riverside", '"access, \\"riverside\\""')
                .replace("name: Riverside", f'name: "{AWKWARD_DISTRICT}"')
                .replace("district: Riverside", f'district: "{AWKWARD_DISTRICT}"'))
        scenario = write_text(os.path.join(self.work_dir, "awkward-town.yaml"), text)
        folder = os.path.join(self.work_dir, "awkward")
        citynet("run", scenario, "--out", folder, "--duration", RUN_DURATION, "--quiet")
        run = plot_module().Run(folder)  # every file read and checked, as plotting reads them
        districts = dict(zip(run.nodes["node_id"], run.nodes["district"]))
        self.assertEqual(districts.get(AWKWARD_NODE), AWKWARD_DISTRICT)
        self.assertIn(AWKWARD_NODE, set(run.link_summary["to_node"]))

    def test_history_draws_egress_capacity_against_offered_traffic(self):
        folders = []
        for year, capacity_bps, offered_load in (("2000", "930e6", "0.8"), ("2002", "2.5e9", "0.9"),
                                                 ("2005", "60e9", "0.7")):
            folder = os.path.join(self.work_dir, f"history-{year}")
            os.makedirs(folder)
            rows = read_rows(os.path.join(self.run_dir, "summary.csv"))
            header = rows[0]
            rows[1][header.index("scenario")] = f"tianjin-{year}"
            rows[1][header.index("egress_capacity_bps")] = capacity_bps
            rows[1][header.index("egress_busy_hour_offered_load")] = offered_load
            write_rows(os.path.join(folder, "summary.csv"), rows)
            folders.append(folder)
        out = os.path.join(self.work_dir, "history", "egress.png")
        finished = plot_in_process("--history", *folders, "--out", out)
        self.assertEqual(finished.returncode, 0, finished.stderr)
        self.assert_valid_figure(out)

    def test_history_names_a_folder_without_summary(self):
        empty = os.path.join(self.work_dir, "history-empty")
        os.makedirs(empty, exist_ok=True)
        finished = plot_in_process("--history", self.run_dir, empty, "--out", os.path.join(self.work_dir, "h.png"))
        self.assert_bad_input(finished, os.path.join(empty, "summary.csv"))


if __name__ == "__main__":
    problem = plotting_packages_problem()
    if problem:
        sys.stderr.write(f"plot_test: {problem}\n")
        sys.exit(1)
    unittest.main(verbosity=2)
