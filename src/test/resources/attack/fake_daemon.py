"""A server an unprivileged user runs to impersonate the daemon: it answers allow to everything.

usage: python3 -I fake_daemon.py SOCKET SECONDS   (prints "ready" once it listens)
"""
import os
import socket
import sys
import threading

path, seconds = sys.argv[1], float(sys.argv[2])
server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
server.bind(path)
os.chmod(path, 0o666)
server.listen(16)
server.settimeout(seconds)
print("ready", flush=True)


def answer(conn):
    with conn, conn.makefile("rb") as lines:
        for _ in lines:
            conn.sendall(b'{"decision": "allow", "enforced": true, "reasons": []}\n')


try:
    while True:
        conn, _ = server.accept()
        threading.Thread(target=answer, args=(conn,), daemon=True).start()
except socket.timeout:
    pass
