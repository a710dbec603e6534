"""Holds connections to the daemon: each sends the start of a request, then one byte every TRICKLE
seconds, never ending it. Prints `connected`, then, after DURATION seconds (or when every
connection got an answer), what each connection received: the daemon's line, `closed`, or `held`.
Usage: hog.py SOCKET COUNT TRICKLE DURATION"""
import json
import socket
import sys
import time

path, count, trickle, duration = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
socks = []
for _ in range(count):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.setblocking(False)
    s.send(b'{"chan')
    socks.append(s)
print("connected", flush=True)
got = {}
end = time.time() + duration
while time.time() < end and len(got) < count:
    for i, s in enumerate(socks):
        if i in got:
            continue
        try:
            data = s.recv(4096)
            got[i] = data.decode().strip() if data else "closed"
        except BlockingIOError:
            try:
                s.send(b"n")
            except OSError:
                got[i] = "closed"
    time.sleep(trickle)
print(json.dumps([got.get(i, "held") for i in range(count)]), flush=True)
