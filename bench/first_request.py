"""Start-up time: from spawning kafka-scenario to the first byte of its first broker request.
Listens on a free port, runs the command with that port as bootstrap server, prints milliseconds."""
import socket
import subprocess
import sys
import time

listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen(1)
listener.settimeout(10)
port = listener.getsockname()[1]
args = [a.replace("PORT", str(port)) for a in sys.argv[1:]]
start = time.monotonic()
process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    connection, _ = listener.accept()
    connection.settimeout(10)
    connection.recv(4)
    print(f"{(time.monotonic() - start) * 1000:.0f}")
finally:
    process.kill()
    process.wait()
