#!/usr/bin/env python3
"""Writes a city-like benchmark topology and a flow trace for `citynet replay`.

The topology has 1,000 nodes laid out like a metro broadband network: one internet node
behind two gateways, a ring of core nodes with chords, a data center (IDC) on two cores,
aggregation sites dual-homed to two cores, and access sites (DSLAM cabinets) on an
aggregation site, some dual-homed. Every link length is the straight-line distance times
a random detour factor, so that two different paths never have exactly the same length
and every router agrees on the shortest one.

The trace has Poisson arrivals; a flow goes from the internet, the IDC or another access
site to an access site, or the other way. Sizes follow a bounded Pareto law. In the
capped trace every flow carries its subscriber's line rate; the uncapped trace leaves the
network to limit every flow (the form SimGrid can replay).

Everything is drawn from one seeded generator, so the same arguments give the same files.

Writes into OUT_DIR: topology.yaml (nodes/links for citynet), links.csv (the same links
in plain numbers, for the SimGrid program) and flows.csv.
"""
import argparse
import math
import os
import random

BITS_PER_BYTE = 8
CITY_SIDE_KM = 60.0          # the urban area the sites are spread over
DETOUR_MIN = 1.05            # cable routes are longer than the straight line
DETOUR_MAX = 1.45
CORE_CHORD_STEP = 3          # each core node also reaches the one this many places on
DUAL_HOMED_ACCESS_SHARE = 0.1

# Node counts: 1 internet + 2 gateways + 8 core + 1 IDC + 88 aggregation + 900 access.
GATEWAYS = 2
CORES = 8
AGGREGATIONS = 88
ACCESS_SITES = 900

# Link capacities in bit/s (per direction, full duplex).
EGRESS_BPS = 3.3e9           # per link to the internet node: the busy-hour bottleneck
GATEWAY_BPS = 40e9
CORE_BPS = 100e9
IDC_BPS = 40e9
AGGREGATION_UPLINK_BPS = 10e9
ACCESS_UPLINK_BPS = 1e9

# Where flows go (the other end is an access site).
SHARE_INTERNET = 0.6
SHARE_IDC = 0.2              # the rest: another access site (P2P)
SHARE_DOWNLOAD = 0.8         # of internet and IDC flows, those towards the subscriber

# Subscriber line rates (bit/s) and their shares: ADSL tiers, building LAN, enterprise.
LINE_RATES_BPS = [(1e6, 0.3), (2e6, 0.35), (4e6, 0.2), (10e6, 0.1), (100e6, 0.05)]

PARETO_SHAPE = 1.5
MAX_SIZE_FACTOR = 100        # sizes are truncated at this many times the mean


def rate_text(bps):
    for unit, scale in (("Gbps", 1e9), ("Mbps", 1e6), ("kbps", 1e3)):
        if bps >= scale and bps % scale == 0:
            return f"{int(bps // scale)}{unit}"
    return f"{int(bps)}bps"


def build_topology(rng, egress_bps, access_uplink_bps):
    """Returns (nodes, links): nodes as (id, x_km, y_km), links as (id, a, b, capacity_bps, length_km)."""
    nodes = []
    position = {}

    def add_node(node_id, x_km, y_km):
        nodes.append(node_id)
        position[node_id] = (x_km, y_km)

    centre = CITY_SIDE_KM / 2
    add_node("inet", centre, CITY_SIDE_KM * 1.2)
    gateways = [f"gw{i + 1}" for i in range(GATEWAYS)]
    for i, g in enumerate(gateways):
        add_node(g, centre + (i - 0.5) * 8, CITY_SIDE_KM * 0.9)
    cores = [f"core{i + 1:02d}" for i in range(CORES)]
    for i, c in enumerate(cores):
        angle = 2 * math.pi * i / CORES
        add_node(c, centre + 12 * math.cos(angle), centre + 12 * math.sin(angle))
    add_node("idc", centre + 2, centre - 3)
    aggregations = [f"agg{i + 1:03d}" for i in range(AGGREGATIONS)]
    for a in aggregations:
        add_node(a, rng.uniform(0, CITY_SIDE_KM), rng.uniform(0, CITY_SIDE_KM))
    access = [f"acc{i + 1:04d}" for i in range(ACCESS_SITES)]
    for s in access:
        add_node(s, rng.uniform(0, CITY_SIDE_KM), rng.uniform(0, CITY_SIDE_KM))

    links = []

    def add_link(a, b, capacity_bps):
        (xa, ya), (xb, yb) = position[a], position[b]
        straight_km = math.hypot(xa - xb, ya - yb)
        length_km = max(straight_km, 0.1) * rng.uniform(DETOUR_MIN, DETOUR_MAX)
        links.append((f"l{len(links) + 1:04d}", a, b, capacity_bps, length_km))

    def nearest(node, candidates, count):
        x, y = position[node]
        return sorted(candidates, key=lambda c: math.hypot(position[c][0] - x, position[c][1] - y))[:count]

    for g in gateways:
        add_link("inet", g, egress_bps)
    for i, g in enumerate(gateways):
        for c in (cores[(2 * i) % CORES], cores[(2 * i + CORES // 2) % CORES]):
            add_link(g, c, GATEWAY_BPS)
    for i in range(CORES):
        add_link(cores[i], cores[(i + 1) % CORES], CORE_BPS)
    for i in range(0, CORES, 2):
        add_link(cores[i], cores[(i + CORE_CHORD_STEP) % CORES], CORE_BPS)
    for c in nearest("idc", cores, 2):
        add_link("idc", c, IDC_BPS)
    for a in aggregations:
        for c in nearest(a, cores, 2):
            add_link(a, c, AGGREGATION_UPLINK_BPS)
    for s in access:
        homes = nearest(s, aggregations, 2)
        add_link(s, homes[0], access_uplink_bps)
        if rng.random() < DUAL_HOMED_ACCESS_SHARE:
            add_link(s, homes[1], access_uplink_bps)
    return nodes, links, access


def write_topology(out_dir, nodes, links):
    with open(os.path.join(out_dir, "topology.yaml"), "w") as f:
        f.write("# Benchmark topology written by scripts/bench/make_trace.py\nnodes:\n")
        for n in nodes:
            f.write(f"  - id: {n}\n")
        f.write("links:\n")
        for link_id, a, b, capacity_bps, length_km in links:
            f.write(f"  - {{id: {link_id}, a: {a}, b: {b}, capacity: {rate_text(capacity_bps)}, "
                    f"length_km: {length_km!r}, medium: fiber}}\n")
    with open(os.path.join(out_dir, "links.csv"), "w") as f:
        f.write("id,a,b,capacity_bps,length_km\n")
        for link_id, a, b, capacity_bps, length_km in links:
            f.write(f"{link_id},{a},{b},{capacity_bps!r},{length_km!r}\n")


def pick_line_rate(rng):
    u = rng.random()
    for rate_bps, share in LINE_RATES_BPS:
        if u < share:
            return rate_bps
        u -= share
    return LINE_RATES_BPS[-1][0]


def bounded_pareto(rng, mean_bytes):
    smallest = mean_bytes * (PARETO_SHAPE - 1) / PARETO_SHAPE
    return min(smallest * rng.paretovariate(PARETO_SHAPE), mean_bytes * MAX_SIZE_FACTOR)


def write_flows(out_dir, rng, access, flows, arrivals_per_s, mean_size_bytes, capped):
    with open(os.path.join(out_dir, "flows.csv"), "w") as f:
        f.write("id,start_s,src,dst,size_bytes,max_rate_bps\n")
        start_s = 0.0
        for i in range(flows):
            start_s += rng.expovariate(arrivals_per_s)
            subscriber = rng.choice(access)
            u = rng.random()
            if u < SHARE_INTERNET:
                other = "inet"
            elif u < SHARE_INTERNET + SHARE_IDC:
                other = "idc"
            else:
                other = rng.choice(access)
                while other == subscriber:
                    other = rng.choice(access)
            if rng.random() < SHARE_DOWNLOAD:
                src, dst = other, subscriber
            else:
                src, dst = subscriber, other
            size_bytes = max(1, round(bounded_pareto(rng, mean_size_bytes)))
            cap = f"{pick_line_rate(rng)!r}" if capped else ""
            f.write(f"{i + 1},{start_s!r},{src},{dst},{size_bytes},{cap}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--flows", type=int, required=True)
    parser.add_argument("--arrivals-per-s", type=float, required=True)
    parser.add_argument("--mean-size-bytes", type=float, default=2e6)
    parser.add_argument("--uncapped", action="store_true", help="no line rate: only the network limits flows")
    parser.add_argument("--egress-bps", type=float, default=EGRESS_BPS)
    parser.add_argument("--access-uplink-bps", type=float, default=ACCESS_UPLINK_BPS)
    parser.add_argument("--seed", type=int, default=2005)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    topology_rng = random.Random(args.seed)
    nodes, links, access = build_topology(topology_rng, args.egress_bps, args.access_uplink_bps)
    write_topology(args.out_dir, nodes, links)
    flow_rng = random.Random(args.seed * 7919 + 1)
    write_flows(args.out_dir, flow_rng, access, args.flows, args.arrivals_per_s, args.mean_size_bytes,
                not args.uncapped)


if __name__ == "__main__":
    main()
