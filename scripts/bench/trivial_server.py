#!/usr/bin/env python3
"""The trivial MCP server of the benchmarks: stdio NDJSON, one tool `echo` that answers its
`message` argument. As little work per message as Python allows: the baseline the harness's
proxy is measured against."""
import json
import sys

TOOLS = {"tools": [{"name": "echo", "description": "echoes its message",
                    "inputSchema": {"type": "object", "properties": {"message": {"type": "string"}},
                                    "required": ["message"]}}]}
out = sys.stdout
for line in sys.stdin:
    message = json.loads(line)
    if "id" not in message or "method" not in message:
        continue  # notifications and answers: nothing to say
    method = message["method"]
    if method == "initialize":
        result = {"protocolVersion": message["params"]["protocolVersion"],
                  "capabilities": {"tools": {}}, "serverInfo": {"name": "trivial", "version": "1"}}
    elif method == "tools/list":
        result = TOOLS
    elif method == "tools/call":
        text = message["params"]["arguments"]["message"]
        result = {"content": [{"type": "text", "text": text}]}
    else:
        result = {}
    out.write(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}) + "\n")
    out.flush()
