"""A raw client of the daemon, as an attacker would write one (no hook, no checks of its own).

usage: python3 -I ask.py SOCKET JSON [FILE]
With FILE, the file is opened here (in this process's view and namespaces) and its descriptor is
sent with the request (SCM_RIGHTS, "fd": true). Prints the daemon's answer line.
"""
import array
import json
import os
import socket
import sys

sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
sock.connect(sys.argv[1])
request = json.loads(sys.argv[2])
if len(sys.argv) > 3:
    fd = os.open(sys.argv[3], os.O_RDONLY)
    request["fd"] = True
    line = (json.dumps(request) + "\n").encode()
    sock.sendmsg([line], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))])
else:
    sock.sendall((json.dumps(request) + "\n").encode())
print(sock.makefile("rb").readline().decode(), end="")
