#!/usr/bin/env python3
"""Writes a chain network as GraphML for timing `citynet topo`'s single points of failure.

The chain is the worst case for a per-failure search: every node but the two ends is an
articulation point and every link a bridge, so a search per failure visits the whole chain
each time. Node 0 is the internet node, the others access sites with 1 to 50 subscribers
each (a fixed pattern, so the same arguments give the same file). With --bare the nodes and
links carry no data at all (every node a core node, as in an imported backbone): 400,000
nodes make about 22 MB. Nodes have no coordinates, so links are 0 km long (import warns).

Usage: make_chain.py --nodes N --out FILE.graphml [--bare]
"""
import argparse

SUBSCRIBER_PATTERN = 50  # site i has 1 + (7 i mod 50) subscribers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, required=True, help="nodes in the chain (at least 2)")
    parser.add_argument("--out", required=True, help="GraphML file to write")
    parser.add_argument("--bare", action="store_true", help="nodes and links without data")
    args = parser.parse_args()
    if args.nodes < 2:
        parser.error("--nodes: expected at least 2")

    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="r" for="node" attr.name="role" attr.type="string"/>',
        '<key id="s" for="node" attr.name="subscribers" attr.type="long"/>',
        f'<graph id="chain-{args.nodes}" edgedefault="undirected">',
    ]
    for i in range(args.nodes):
        if args.bare:
            lines.append(f'<node id="n{i}"/>')
        elif i == 0:
            lines.append('<node id="n0"><data key="r">internet</data></node>')
        else:
            subscribers = 1 + (7 * i) % SUBSCRIBER_PATTERN
            lines.append(f'<node id="n{i}"><data key="r">access</data><data key="s">{subscribers}</data></node>')
    for i in range(1, args.nodes):
        lines.append(f'<edge source="n{i - 1}" target="n{i}"/>')
    lines.append("</graph>")
    lines.append("</graphml>")
    with open(args.out, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
