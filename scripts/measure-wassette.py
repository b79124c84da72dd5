#!/usr/bin/env python3
"""Measures the real Wassette on the wire, for docs/wassette-wire-notes.md.

Usage: scripts/measure-wassette.py [runs]   (after ./mvnw -pl sample-components generate-resources)

Reports, for each run: compile of each sample component (`wassette component load` into an
empty dir), process start to initialize response (components already compiled in the dir), and
the median of 20 warm `tools/call`s of the clock's `now`. Prints one raw request/response per tool.
Only the standard library; every wait is bounded.
"""
import json, os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
wassette = os.environ.get("WASSETTE_BIN", os.path.join(root, ".tools/wassette/bin/wassette"))
components = os.path.join(root, "sample-components/target/components")
runs = int(sys.argv[1]) if len(sys.argv) > 1 else 1


def isolated(work):
    env = dict(os.environ, XDG_CONFIG_HOME=work + "/c", XDG_DATA_HOME=work + "/d",
               WASSETTE_CONFIG_FILE=work + "/cfg.toml", RUST_LOG="info", NO_COLOR="1")
    return env


for run in range(runs):
    work = tempfile.mkdtemp(prefix="wassette-measure-")
    comp = work + "/components"
    env = isolated(work)
    for name in ("weather", "clock"):
        t = time.monotonic()
        subprocess.run([wassette, "component", "load", "--component-dir", comp,
                        "file://" + components + "/" + name + ".wasm"],
                       env=env, check=True, capture_output=True, timeout=300)
        print(f"run {run}: compile {name}: {time.monotonic() - t:.2f} s")
    shutil.copy(components + "/weather.policy.yaml", comp)
    stderr = open(work + "/stderr", "w")
    t0 = time.monotonic()
    p = subprocess.Popen([wassette, "run", "--component-dir", comp], stdin=subprocess.PIPE,
                         stdout=subprocess.PIPE, stderr=stderr, env=env, text=True, bufsize=1)
    try:
        def call(msg):
            p.stdin.write(json.dumps(msg) + "\n")
            p.stdin.flush()
            while True:
                line = p.stdout.readline()
                if not line:
                    raise SystemExit("Wassette closed stdout; see " + work + "/stderr")
                answer = json.loads(line)
                if answer.get("id") == msg.get("id"):
                    return answer
        # wait until the background load is done, as the harness does
        deadline = time.monotonic() + 60
        while "Background component loading completed" not in open(work + "/stderr").read():
            if time.monotonic() > deadline:
                raise SystemExit("no readiness line within 60 s")
            time.sleep(0.005)
        ready = time.monotonic() - t0
        init = call({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-03-26", "capabilities": {},
            "clientInfo": {"name": "measure", "version": "0"}}})
        print(f"run {run}: start to ready line: {ready * 1000:.0f} ms; start to initialize response: "
              f"{(time.monotonic() - t0) * 1000:.0f} ms")
        p.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        samples = []
        for i in range(20):
            t = time.monotonic()
            call({"jsonrpc": "2.0", "id": 100 + i, "method": "tools/call",
                  "params": {"name": "wassette-tape_clock_clock_now", "arguments": {}}})
            samples.append(time.monotonic() - t)
        print(f"run {run}: warm tools/call (clock now), median of 20: {statistics.median(samples) * 1000:.1f} ms")
        if run == 0:
            for req in ({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                         "params": {"name": "get-weather", "arguments": {"city": "Oslo"}}},
                        {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                         "params": {"name": "wassette-tape_clock_clock_new-id", "arguments": {}}}):
                print(">>", json.dumps(req))
                print("<<", json.dumps(call(req), ensure_ascii=False))
    finally:
        p.terminate()
        p.wait(10)
        shutil.rmtree(work, ignore_errors=True)
