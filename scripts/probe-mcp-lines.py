#!/usr/bin/env python3
"""What a stdio MCP server answers: each protocol version offered, ping, and unusable lines.

usage: probe-mcp-lines.py [--wait SECONDS] -- COMMAND...
e.g.   probe-mcp-lines.py -- .tools/wassette/bin/wassette run --component-dir /tmp/empty

Prints, for each version offered, the version the server chose; then every line the server wrote
after a handshake at 2025-03-26 followed by a ping, a non-JSON line, a batch, an object without
"jsonrpc", an empty batch and a tools/list. How docs/wassette-wire-notes.md measured Wassette.
"""
import json
import select
import subprocess
import sys
import time


def session(command, lines, wait):
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
    )
    out = []
    for line in lines:
        process.stdin.write((line + "\n").encode())
        process.stdin.flush()
        end = time.time() + wait
        while time.time() < end:
            ready, _, _ = select.select([process.stdout], [], [], 0.1)
            if ready:
                answer = process.stdout.readline()
                if not answer:
                    break
                out.append(answer.decode().strip())
    process.stdin.close()
    process.terminate()
    process.wait(10)
    return out


def initialize(version):
    return json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": version, "capabilities": {},
        "clientInfo": {"name": "probe", "version": "0"}}})


def main():
    args = sys.argv[1:]
    wait = 1.5
    if args[:1] == ["--wait"]:
        wait, args = float(args[1]), args[2:]
    if args[:1] != ["--"] or len(args) < 2:
        sys.exit(__doc__)
    command = args[1:]
    for version in ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25", "2099-01-01"]:
        for line in session(command, [initialize(version)], wait):
            answer = json.loads(line)
            if answer.get("id") == 1:
                print(f"offered {version}: chose {answer.get('result', {}).get('protocolVersion')}")
    lines = [
        initialize("2025-03-26"),
        '{"jsonrpc":"2.0","method":"notifications/initialized"}',
        '{"jsonrpc":"2.0","id":2,"method":"ping"}',
        "not json",
        '[{"jsonrpc":"2.0","id":3,"method":"ping"},{"jsonrpc":"2.0","id":4,"method":"ping"}]',
        '{"id":5,"method":"ping"}',
        "[]",
        '{"jsonrpc":"2.0","id":6,"method":"tools/list"}',
    ]
    print("sent:", *lines, sep="\n  >> ")
    print("answered:", *(line[:160] for line in session(command, lines, wait)), sep="\n  << ")


if __name__ == "__main__":
    main()
