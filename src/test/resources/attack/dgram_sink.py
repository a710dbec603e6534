"""A log receiver on a Unix datagram socket, as journald's or syslog's: prints `ready`, then each
datagram in hex on a line of its own (`read`), or never reads (`stall`, a stalled journald).
Usage: dgram_sink.py SOCKET read|stall"""
import socket
import sys
import time

s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("ready", flush=True)
if sys.argv[2] == "stall":
    time.sleep(600)
while True:
    print(s.recv(1 << 20).hex(), flush=True)
