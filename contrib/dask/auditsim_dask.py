#!/usr/bin/env python3
"""Replays a fleet's audit logs on a Dask cluster and prints the summary one
`auditsim replay -o json POLICY LOG...` would print.

Each LOG is replayed where a worker can read it (`auditsim replay -o json --partial`),
then the partial summaries are merged in a tree, FAN_IN consecutive ones at a time
(`auditsim merge --partial`), and the last one is finished with `auditsim merge`
(see auditsim-merge(1): which figures are exact, which are bounded). Only the partials
travel: a few KB per LOG plus one entry per request in flight at its boundaries.

POLICY and every LOG must be readable at the same path on every worker (a local
cluster, or a shared filesystem such as NFS, CephFS or a bucket mounted alike
everywhere); the auditsim binary must be on every worker's PATH or given with
--auditsim. LOGs are merged in the order given, as one replay would read them.

  auditsim_dask.py --scheduler tcp://HOST:8786 POLICY LOG...
  auditsim_dask.py --scheduler tcp://HOST:8786 --replay-option=--price-per-gb=0.5 POLICY LOG...

Exit status: 0; 1 a replay or merge failed (its message on stderr); 2 usage or cluster
unreachable.
"""
import argparse
import subprocess
import sys


def run_auditsim(argv, stdin=None):
    """auditsim with argv; its stdout, or RuntimeError with its stderr."""
    done = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if done.returncode != 0:
        raise RuntimeError("%s exited %d: %s" % (" ".join(argv[:2]), done.returncode,
                                                 done.stderr.decode(errors="replace").strip()))
    return done.stdout


def replay_partial(auditsim, options, policy, log):
    """One LOG's partial summary (runs on a worker)."""
    return run_auditsim([auditsim, "replay", "-o", "json", "--partial", *options, policy, log])


def merge_partials(auditsim, *partials):
    """Consecutive partials into one (runs on a worker); order is shard order."""
    return run_auditsim([auditsim, "merge", "--partial", "-"], stdin=b"".join(partials))


def tree_merge(client, auditsim, futures, fan_in):
    """Reduces the partials FAN_IN consecutive ones at a time, level by level."""
    while len(futures) > 1:
        futures = [client.submit(merge_partials, auditsim, *futures[i:i + fan_in], pure=False)
                   for i in range(0, len(futures), fan_in)]
    return futures[0]


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scheduler", required=True, help="the Dask scheduler, tcp://HOST:PORT")
    p.add_argument("--auditsim", default="auditsim", help="the auditsim binary on the workers")
    p.add_argument("--local-auditsim", default=None,
                   help="the auditsim binary here, for the last merge (default: --auditsim)")
    p.add_argument("--fan-in", type=int, default=8, help="partials merged per task (default 8)")
    p.add_argument("--replay-option", action="append", default=[],
                   help="an option for every replay, as --name=value (repeatable)")
    p.add_argument("-o", "--output", choices=["json", "yaml"], default="json")
    p.add_argument("--timeout", type=float, default=30, help="seconds to reach the scheduler")
    p.add_argument("policy")
    p.add_argument("logs", nargs="+")
    args = p.parse_args(argv)
    if args.fan_in < 2:
        p.error("--fan-in must be 2 or more")
    return args


def main(argv):
    args = parse_args(argv)
    try:
        from distributed import Client
    except ImportError:
        print("auditsim_dask: needs Dask's distributed (Debian: python3-distributed)",
              file=sys.stderr)
        return 2
    try:
        client = Client(args.scheduler, timeout=args.timeout)
    except OSError as e:
        print("auditsim_dask: cannot reach %s: %s" % (args.scheduler, e), file=sys.stderr)
        return 2
    try:
        partials = client.map(replay_partial, [args.auditsim] * len(args.logs),
                              [args.replay_option] * len(args.logs),
                              [args.policy] * len(args.logs), args.logs, pure=False)
        merged = tree_merge(client, args.auditsim, partials, args.fan_in).result()
        summary = run_auditsim([args.local_auditsim or args.auditsim, "merge", "-o",
                                args.output, "-"], stdin=merged)
    except RuntimeError as e:
        print("auditsim_dask: %s" % e, file=sys.stderr)
        return 1
    finally:
        client.close()
    sys.stdout.buffer.write(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
