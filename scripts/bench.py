#!/usr/bin/env python3
"""The benchmark suite: every row of the performance table, measured side by side in one run
against baselines run in the same invocation, printed with its target and the machine.

Usage (from the project root, after `./mvnw -B -q install -DskipTests`, which builds the CLI jar,
the harness's test classes and the sample components):

    python3 scripts/bench.py            # the full suite (~5 minutes on 2 cores)
    python3 scripts/bench.py --quick    # a smoke run: few calls, a small tape (CI keeps it working)

Process paths are driven from here, over stdio NDJSON, with sequential 1 KB `tools/call` round
trips (each path warmed up, then all measured in alternating rounds; medians); in-process paths
are measured by dev.wassettetape.bench.InProcessBench in a JVM of its own. Wassette rows need Wassette
(`.tools/wassette` or WASSETTE_BIN) and sample-components/target/components/clock.wasm; without
them they say so. Only the standard library; every wait is bounded. Timings are reported, never
asserted.
"""
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QUICK = "--quick" in sys.argv
CALLS = 300 if QUICK else 2000  # per round
WARMUP = 500 if QUICK else 20000  # the JIT settles after ~20,000 calls on 2 cores
ROUNDS = 3 if QUICK else 7
BIG = 5_000 if QUICK else 100_000  # interactions of the synthetic tape
JAVA = shutil.which("java") or os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java")
JAR = os.environ.get("WASSETTE_TAPE_JAR", os.path.join(ROOT, "harness", "target", "wassette-tape.jar"))
TRIVIAL = [sys.executable, os.path.join(ROOT, "scripts", "bench", "trivial_server.py")]
RELAY = [JAVA, os.path.join(ROOT, "scripts", "bench", "BareRelay.java")]
CLI = [JAVA, "-jar", JAR]
PAYLOAD = "x" * 1000


def fail(why):
    sys.exit("scripts/bench.py: " + why)


class Peer:
    """An MCP server process spoken to over stdio NDJSON."""

    def __init__(self, command, env=None):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, env=env)
        self.next_id = 1

    def call(self, method, params, timeout=60):
        message_id = self.next_id
        self.next_id += 1
        line = json.dumps({"jsonrpc": "2.0", "id": message_id, "method": method,
                           "params": params}).encode() + b"\n"
        self.process.stdin.write(line)
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            answer = self.process.stdout.readline()
            if not answer:
                fail(f"the server closed its output ({' '.join(self.process.args)[:200]})")
            parsed = json.loads(answer)
            if parsed.get("id") == message_id:
                if "error" in parsed:
                    fail(f"{method} failed: {parsed['error']}")
                return parsed["result"]
        fail(f"no answer to {method} within {timeout} s")

    def notify(self, method):
        self.process.stdin.write(json.dumps({"jsonrpc": "2.0", "method": method}).encode() + b"\n")
        self.process.stdin.flush()

    def close(self):
        try:
            self.process.stdin.close()
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def initialize(peer):
    started = time.monotonic()
    peer.call("initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                             "clientInfo": {"name": "bench", "version": "1"}}, timeout=300)
    peer.notify("notifications/initialized")
    return (time.monotonic() - started) * 1000


def round_trips(commands, tool, arguments, env=None, warmup=WARMUP):
    """Sequential tools/call round trips to each of `commands` (name -> command line), all started
    and warmed up first, then measured in alternating rounds, so that every path sees the same
    moments of the machine: median round trip (µs) and calls/s, medians of the rounds. Each peer
    gets the same requests in the same order, so that a tape recorded by one run replays."""
    peers, k = {}, {}
    try:
        for name, command in commands.items():
            peers[name] = Peer(command, env)
            initialize(peers[name])
            k[name] = 0
            for _ in range(warmup):
                peers[name].call("tools/call", {"name": tool, "arguments": arguments(k[name])})
                k[name] += 1
        medians = {name: [] for name in commands}
        rates = {name: [] for name in commands}
        for _ in range(ROUNDS):
            for name, peer in peers.items():
                times = []
                start = time.perf_counter()
                for _ in range(CALLS):
                    t = time.perf_counter()
                    peer.call("tools/call", {"name": tool, "arguments": arguments(k[name])})
                    times.append(time.perf_counter() - t)
                    k[name] += 1
                rates[name].append(CALLS / (time.perf_counter() - start))
                medians[name].append(statistics.median(times) * 1e6)
        return {name: {"rtt_us": statistics.median(medians[name]),
                       "calls_s": statistics.median(rates[name])} for name in commands}
    finally:
        for peer in peers.values():
            peer.close()


def echo_arguments(k):
    return {"message": f"{k:07d}{PAYLOAD}"}


def wassette():
    binary = os.environ.get("WASSETTE_BIN", os.path.join(ROOT, ".tools", "wassette", "bin",
                                                         "wassette"))
    clock = os.path.join(ROOT, "sample-components", "target", "components", "clock.wasm")
    if not os.path.exists(binary):
        return None, "no Wassette at " + binary
    if not os.path.exists(clock):
        return None, "no " + clock + " (./mvnw -pl sample-components package)"
    return (binary, clock), None


def isolated(work):
    return dict(os.environ, XDG_CONFIG_HOME=work + "/c", XDG_DATA_HOME=work + "/d",
                WASSETTE_CONFIG_FILE=work + "/cfg.toml", NO_COLOR="1")


def max_rss_mb(command):
    """Peak resident memory of a command, run to its end (its own getrusage, in a fresh helper)."""
    helper = ("import resource, subprocess, sys\n"
              "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,"
              " check=True, timeout=600)\n"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", helper] + command, capture_output=True,
                         text=True, timeout=700, check=True)
    return int(out.stdout.strip()) / 1024


def synthetic_tape(recorded, path, n):
    """A tape of n tools/call interactions, made of one recorded interaction: distinct requests
    with a 100-character message (about 480 bytes an interaction, as the issue's 48 MB tape)."""
    with open(recorded) as f:
        tape = json.load(f)
    chapter = next(iter(tape["chapters"].values()))
    template = next(i for i in chapter["interactions"]
                    if i.get("request", {}).get("method") == "tools/call")
    interactions = []
    for k in range(n):
        interaction = json.loads(json.dumps(template))
        interaction["request"]["params"]["arguments"]["message"] = f"{k:07d}{PAYLOAD[:100]}"
        interaction["response"]["result"]["content"][0]["text"] = f"{k:07d}{PAYLOAD[:100]}"
        interactions.append(interaction)
    chapter["interactions"] = interactions
    tape["chapters"] = {"big": chapter}
    with open(path, "w") as f:
        json.dump(tape, f, indent=2, ensure_ascii=False)
    return os.path.getsize(path)


def classpath():
    """The harness's test class path (its classes, test classes and dependencies)."""
    target = os.path.join(ROOT, "harness", "target")
    out = os.path.join(target, "bench.classpath")
    subprocess.run([os.path.join(ROOT, "mvnw"), "-B", "-q", "-pl", "harness",
                    "dependency:build-classpath", "-Dmdep.includeScope=test",
                    "-Dmdep.outputFile=" + out], cwd=ROOT, check=True, timeout=300,
                   stdout=subprocess.DEVNULL)
    with open(out) as f:
        deps = f.read().strip()
    return os.pathsep.join([os.path.join(target, "test-classes"), os.path.join(target, "classes"),
                            deps])


def in_process(cp, *args):
    """Runs dev.wassettetape.bench.InProcessBench in a fresh JVM; its last line is JSON."""
    out = subprocess.run([JAVA, "-cp", cp, "dev.wassettetape.bench.InProcessBench"] + list(args),
                         capture_output=True, text=True, timeout=900, cwd=ROOT)
    if out.returncode != 0:
        fail("InProcessBench " + " ".join(args) + " failed:\n" + out.stderr[-2000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine():
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    java = subprocess.run([JAVA, "-version"], capture_output=True, text=True).stderr.splitlines()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2 ** 30
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, {java[0] if java else 'java ?'}, Python "
            f"{platform.python_version()}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


def main():
    if not os.path.exists(JAR):
        fail(JAR + " is missing: run ./mvnw -B -q install -DskipTests first")
    work = tempfile.mkdtemp(prefix="wassette-tape-bench-")
    rows = []  # (path, measured, target, met)
    try:
        tape = os.path.join(work, "trivial.json")
        # a first recording makes the tape the replay serves (the same requests, in order)
        round_trips({"record": CLI + ["record", "--tape", tape, "--"] + TRIVIAL}, "echo",
                    echo_arguments)
        measured = round_trips({
            "direct": TRIVIAL,
            "relay": RELAY + TRIVIAL,
            "record": CLI + ["record", "--tape", os.path.join(work, "again.json"), "--"] + TRIVIAL,
            "replay": CLI + ["replay", "--tape", tape],
        }, "echo", echo_arguments)
        direct, relay, record, replay = (measured[n] for n in ("direct", "relay", "record",
                                                               "replay"))
        relay_added = relay["rtt_us"] - direct["rtt_us"]
        record_added = record["rtt_us"] - direct["rtt_us"]
        rows.append(("client → trivial Python MCP server, direct (baseline)", direct, "", None))
        rows.append(("… through a bare Java line relay (baseline)", relay, "", None))
        ratio = record_added / relay_added if relay_added > 0 else float("inf")
        rows.append(("… through `wassette-tape record`", record,
                     f"added {record_added:.0f} µs = {ratio:.2f} × the relay's {relay_added:.0f} µs"
                     f" (target ≤ 1.25 ×)", ratio <= 1.25))
        rows.append(("client → `wassette-tape replay` of that tape", replay,
                     f"{replay['rtt_us'] / direct['rtt_us']:.2f} × the direct server's round trip"
                     " (target ≤ 1.00 ×)", replay["rtt_us"] <= direct["rtt_us"]))

        found, missing = wassette()
        if found:
            binary, clock = found
            home = os.path.join(work, "wassette")
            components = os.path.join(home, "components")
            env = isolated(home)
            subprocess.run([binary, "component", "load", "--component-dir", components,
                            "file://" + clock], env=env, check=True, capture_output=True,
                           timeout=600)
            tool = "wassette-tape_clock_clock_new-id"
            w = round_trips({
                "direct": [binary, "run", "--component-dir", components],
                "record": CLI + ["record", "--tape", os.path.join(work, "clock.json"),
                                 "--component", clock, "--wassette", binary],
            }, tool, lambda k: {}, env, warmup=min(WARMUP, 3000))
            w_direct, w_record = w["direct"], w["record"]
            rows.append(("client → real Wassette, clock `new-id`, direct (baseline)", w_direct,
                         "", None))
            rows.append(("… through `wassette-tape record --component`", w_record,
                         f"{w_record['rtt_us'] / w_direct['rtt_us']:.2f} × direct (reported)",
                         None))
        else:
            rows.append(("real Wassette rows", None, "skipped: " + missing, None))

        big = os.path.join(work, "big.json")
        size = synthetic_tape(tape, big, BIG)
        peer = Peer(CLI + ["replay", "--tape", big])
        started = time.monotonic()
        try:
            initialize(peer)
            replay_start = time.monotonic() - started
        finally:
            peer.close()
        rss = max_rss_mb(CLI + ["inspect", big])
        rows.append((f"synthetic tape, {BIG:,} interactions ({size / 2 ** 20:.0f} MB):"
                     " `replay` start to the `initialize` answer", None,
                     f"{replay_start * 1000:.0f} ms (reported; in-process load below)", None))
        rows.append(("… `inspect` of it, peak RSS", None,
                     f"{rss:.0f} MB = {rss * 2 ** 20 / size:.1f} × the file (reported)", None))

        cp = classpath()
        load = in_process(cp, "load", big)
        rows.append(("tape load and index, in-process", None,
                     f"{load['ms']:.0f} ms (target ≤ 1,000 ms), heap {load['heapMb']:.0f} MB ="
                     f" {load['heapMb'] * 2 ** 20 / size:.1f} × the file (target ≤ 3 ×)",
                     load["ms"] <= 1000 and load["heapMb"] * 2 ** 20 <= 3 * size))
        throughput = in_process(cp, "replay", big, str(min(BIG, 60_000)))
        rows.append(("replay in-process (the extension's path), sequential, one client", None,
                     f"{throughput['callsPerS']:,.0f} calls/s (target ≥ 50,000)",
                     throughput["callsPerS"] >= 50_000))
        first = in_process(cp, "first", os.path.join(ROOT, "tapes", "clock.json"))
        rows.append(("first replayed test class in a fresh JVM (main entry to its last answer)",
                     None, f"{first['ms']:.0f} ms (target ≤ 150 ms); JVM start to there"
                     f" {first['sinceJvmStartMs']:.0f} ms", first["ms"] <= 150))
        recording = in_process(cp, "recording", str(20_000 if not QUICK else 2_000))
        rows.append(("recording heap as the session grows", None,
                     f"{recording['heapMbAtQuarter']:.0f} MB after ¼ of the calls,"
                     f" {recording['heapMbAtEnd']:.0f} MB after all (reported)", None))
        if found:
            overhead = in_process(cp, "wassette", found[0], found[1])
            added = overhead["proxyRttUs"] / overhead["directRttUs"] - 1
            floor = overhead["secondDirectRttUs"] / overhead["directRttUs"] - 1
            rows.append(("in-process proxy over real Wassette (our client → proxy → Wassette"
                         " vs our client → Wassette)", None,
                         f"{overhead['directRttUs']:.0f} µs → {overhead['proxyRttUs']:.0f} µs:"
                         f" {added * 100:+.1f} % (target ≤ +3 %)", added <= 0.03))
            rows.append(("… the row's noise floor: our client → a second Wassette process, direct",
                         None, f"{overhead['secondDirectRttUs']:.0f} µs: {floor * 100:+.1f} %"
                         " against the first (reported)", None))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"\nMachine: {machine()}")
    print(f"Command: python3 scripts/bench.py{' --quick' if QUICK else ''}"
          f" ({CALLS} calls × {ROUNDS} rounds after {WARMUP} warm-up; medians)\n")
    print("| path | median round trip | calls/s | against the target | met |")
    print("|---|---|---|---|---|")
    for path, measured, target, met in rows:
        rtt = f"{measured['rtt_us']:.0f} µs" if measured else ""
        rate = f"{measured['calls_s']:,.0f}" if measured else ""
        verdict = "" if met is None else ("yes" if met else "**no**")
        print(f"| {path} | {rtt} | {rate} | {target} | {verdict} |")


if __name__ == "__main__":
    main()
