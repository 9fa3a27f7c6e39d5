#!/usr/bin/env python3
"""The GetStatus round trip, measured from outside: an independent client against paced and against the C echo.

usage: roundtrip.py PACED_SOCKET ECHO_BINARY [--calls N] [--block N] [--spin] [--json]

A client of its own (Python, blocking sockets, nothing of Pace's) sends `io.pace.Daemon.GetStatus` to paced and the
same bytes to the echo server (Benchmarks/RoundTrip/echo.c, started here in its own process, answering with as many
bytes as paced's reply), in alternating blocks, and prints the medians and 99th percentiles of both and their ratio.
With --spin the client polls its socket without blocking instead of sleeping in recv (as a busy client would): the
server's wakeup is then all that is timed, not the client's. With --json the result is one JSON object (pace-bench
reads it for its table).
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

CALL = b'{"method":"io.pace.Daemon.GetStatus"}\0'


def connect(path):
    for _ in range(500):
        try:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.connect(path)
            return client
        except (FileNotFoundError, ConnectionRefusedError):
            client.close()
            time.sleep(0.01)
    sys.exit(f"roundtrip.py: cannot connect to {path}")


def call(client, spin):
    client.sendall(CALL)
    reply = b""
    while not reply.endswith(b"\0"):
        if spin:
            try:
                chunk = client.recv(65536, socket.MSG_DONTWAIT)
            except BlockingIOError:
                continue
        else:
            chunk = client.recv(65536)
        if not chunk:
            sys.exit("roundtrip.py: the server closed the connection")
        reply += chunk
    return reply


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("paced")
    parser.add_argument("echo")
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--block", type=int, default=250)
    parser.add_argument("--spin", action="store_true")
    parser.add_argument("--json", action="store_true")
    arguments = parser.parse_args()

    paced = connect(arguments.paced)
    reply_size = len(call(paced, False))
    directory = tempfile.mkdtemp(prefix="pace-roundtrip.")
    echo_path = os.path.join(directory, "echo.sock")
    echo_server = subprocess.Popen([arguments.echo, echo_path, str(reply_size)])
    try:
        echo = connect(echo_path)
        for _ in range(100):
            call(paced, arguments.spin)
            call(echo, arguments.spin)
        times = {"paced": [], "echo": []}
        while len(times["paced"]) < arguments.calls:
            for name, client in (("paced", paced), ("echo", echo)):
                for _ in range(arguments.block):
                    start = time.perf_counter_ns()
                    call(client, arguments.spin)
                    times[name].append(time.perf_counter_ns() - start)
        p50, p99 = percentile(times["paced"], 0.5), percentile(times["paced"], 0.99)
        e50, e99 = percentile(times["echo"], 0.5), percentile(times["echo"], 0.99)
        client = "spinning" if arguments.spin else "blocking"
        if arguments.json:
            result = {"client": client, "calls": len(times["paced"]), "replyBytes": reply_size, "p50ns": p50,
                      "p99ns": p99, "echoP50ns": e50, "echoP99ns": e99}
            print(json.dumps(result))
            return
        print(
            f"GetStatus ({client} client, {reply_size}-byte reply, {len(times['paced'])} calls): "
            f"p50 {p50 / 1000:.0f} µs, p99 {p99 / 1000:.0f} µs; "
            f"C echo p50 {e50 / 1000:.0f} µs, p99 {e99 / 1000:.0f} µs; "
            f"ratio {p50 / e50:.2f}× / {p99 / e99:.2f}×"
        )
    finally:
        echo_server.kill()
        echo_server.wait()
        os.unlink(echo_path)
        os.rmdir(directory)


if __name__ == "__main__":
    main()
