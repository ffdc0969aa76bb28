#!/usr/bin/env python3
"""Edge reliability figures (issue 12): the same attacks against the gateway's own
listener and against deploy/nginx/postern.conf in front of it, side by side in one run.

Starts a real gateway (the shipped config on a throwaway database) and real nginx with
the repository's config (self-signed certificate), on loopback; stops both. Prints, per
attack: what the attacker holds, how long until the server sheds it, whether /healthz
still answers and how fast, and the gateway's (and nginx's) RSS.

    bench/edge/attacks.py [--short]      (after a build; needs nginx and openssl)
"""
import os, re, signal, socket, ssl, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHORT = "--short" in sys.argv
HOLD_S = 20 if SHORT else 40        # how long an attack is kept up before we look


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p


def rss_kb(pids):
    total = 0
    for pid in pids:
        try:
            for line in open(f"/proc/{pid}/status"):
                if line.startswith("VmRSS:"): total += int(line.split()[1])
        except OSError:
            pass
    return total


def children(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out]


class Target:
    def __init__(self, name, port, tls, pids):
        self.name, self.port, self.tls, self.pids = name, port, tls, pids

    def connect(self, timeout=5):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        if self.tls:
            ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
            s = ctx.wrap_socket(s, server_hostname="localhost")
        return s

    def healthz_ms(self):
        t0 = time.time()
        try:
            s = self.connect(timeout=5)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = s.recv(64); s.close()
            return (time.time() - t0) * 1000 if data.startswith(b"HTTP/1.1 200") else None
        except OSError:
            return None


def closed_within(sock, limit_s):
    """Seconds until the peer closes `sock` (reading and discarding), or None."""
    sock.settimeout(0.5)
    t0 = time.time()
    while time.time() - t0 < limit_s:
        try:
            if not sock.recv(4096): return time.time() - t0
        except socket.timeout:
            continue
        except (OSError, ssl.SSLError):
            return time.time() - t0
    return None


def slow_header(t):
    """One client sends its request line and then one header byte per second."""
    s = t.connect()
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
    s.settimeout(1.0)
    t0 = time.time()
    while time.time() - t0 < HOLD_S:
        try:
            s.sendall(b"X")
            if not s.recv(4096): break  # the server closed it
            break  # it answered (an error): shed too
        except socket.timeout:
            continue  # a second passed with no word from the server: the next byte
        except (OSError, ssl.SSLError):
            break
    shed = time.time() - t0
    s.close()
    return (f"slow header (1 byte/s): shed after {shed:.1f} s" if shed < HOLD_S
            else f"slow header (1 byte/s): held > {HOLD_S} s")


def idle_connections(t, n=200):
    socks = []
    for _ in range(n):
        try: socks.append(t.connect())
        except OSError: break
    time.sleep(1)
    h = t.healthz_ms()
    start = time.time(); open_left = len(socks)
    while time.time() - start < HOLD_S and open_left:
        time.sleep(1)
        still = []
        for s in socks:
            s.setblocking(False)
            try:
                if s.recv(1): still.append(s)  # (nothing is ever sent to an idle client)
            except (BlockingIOError, ssl.SSLWantReadError):
                still.append(s)
            except OSError:
                pass
        open_left = len(still)
    shed = time.time() - start
    for s in socks: s.close()
    if open_left == 0:
        return f"{len(socks)} idle connections: all shed within {shed:.0f} s; /healthz meanwhile " + (
            f"{h:.0f} ms" if h is not None else "no answer")
    hz = f"{h:.0f} ms" if h is not None else "no answer"
    return (f"{len(socks)} idle connections: {open_left} still held after {shed:.0f} s; /healthz meanwhile {hz}")


def stalled_uploads(t, n=16):
    """n uploads of 15 MB with no key: 1 MB sent each, then silence."""
    before = rss_kb(t.pids)
    socks, answered = [], 0
    head = (b"POST /v1/shares HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 15728640\r\n\r\n")
    for _ in range(n):
        s = t.connect(); s.sendall(head)
        try:
            s.sendall(b"x" * (1 << 20))
        except OSError:
            pass
        socks.append(s)
    time.sleep(3)
    during = rss_kb(t.pids)
    for s in socks:
        s.settimeout(0.2)
        try:
            if s.recv(64).startswith(b"HTTP/1.1 4"): answered += 1
        except (OSError, ssl.SSLError):
            pass
    h = t.healthz_ms()
    for s in socks: s.close()
    hz = f"{h:.0f} ms" if h is not None else "no answer"
    return (f"{n} stalled keyless 15 MB uploads: {answered} answered 4xx within 3 s; RSS {before//1024} -> "
            f"{during//1024} MB; /healthz {hz}")


def big_headers(t, n=4, mb=16):
    before = rss_kb(t.pids); peak = before; statuses = []
    def one():
        try:
            s = t.connect(timeout=30)
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (mb << 20) + b"\r\n\r\n")
            statuses.append(s.recv(12).decode(errors="replace")[9:12] or "closed"); s.close()
        except (OSError, ssl.SSLError):
            statuses.append("closed")
    threads = [threading.Thread(target=one) for _ in range(n)]
    for th in threads: th.start()
    while any(th.is_alive() for th in threads):
        peak = max(peak, rss_kb(t.pids)); time.sleep(0.05)
    return (f"{n} x {mb} MB header: answers {sorted(statuses)}; RSS {before//1024} -> peak {peak//1024} MB")


def main():
    work = tempfile.mkdtemp(prefix="postern-edge-")
    gport, nport = free_port(), free_port()
    cfg = os.path.join(ROOT, "config", f".bench-edge-{os.getpid()}.yaml")
    text = open(os.path.join(ROOT, "config", "postern.yaml")).read()
    text = re.sub(r'listen: "[^"]*"', f'listen: "127.0.0.1:{gport}"', text)
    text = re.sub(r"sqlite: .*", f"sqlite: {work}/postern.db", text)
    open(cfg, "w").write(text)
    procs = []
    try:
        gw = subprocess.Popen([os.path.join(ROOT, "build", "postern"), "serve", "--config", cfg],
                              stdout=open(f"{work}/gateway.log", "w"), stderr=subprocess.STDOUT)
        procs.append(gw)
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{gport}/healthz", timeout=1); break
            except OSError:
                time.sleep(0.1)
        ndir = os.path.join(work, "nginx"); os.makedirs(ndir)
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                        "/CN=localhost", "-keyout", f"{ndir}/key.pem", "-out", f"{ndir}/cert.pem"],
                       check=True, capture_output=True)
        conf = open(os.path.join(ROOT, "deploy", "nginx", "postern.conf")).read()
        for k, v in {"@USER@": "root", "@PREFIX@": ndir, "@CERT@": f"{ndir}/cert.pem", "@KEY@": f"{ndir}/key.pem",
                     "@LISTEN@": f"127.0.0.1:{nport}", "@GATEWAY@": f"127.0.0.1:{gport}"}.items():
            conf = conf.replace(k, v)
        open(f"{ndir}/nginx.conf", "w").write(conf)
        ng = subprocess.Popen(["/usr/sbin/nginx", "-p", ndir, "-c", f"{ndir}/nginx.conf", "-g", "daemon off;"])
        procs.append(ng)
        time.sleep(1)
        direct = Target("gateway alone (cpprestsdk)", gport, False, [gw.pid])
        front = Target("nginx in front (deploy/nginx)", nport, True, [ng.pid] + children(ng.pid))
        gw_only = [gw.pid]
        print(f"attacks held {HOLD_S} s each; RSS of the listening processes (nginx: master + workers)")
        for t in (direct, front):
            print(f"\n== {t.name}")
            for attack in (slow_header, idle_connections, stalled_uploads, big_headers):
                print("  " + attack(t), flush=True)
                if t is front:
                    print(f"    gateway RSS now {rss_kb(gw_only)//1024} MB", flush=True)
                time.sleep(2)
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM if p is procs[0] else signal.SIGQUIT)
            try: p.wait(10)
            except subprocess.TimeoutExpired: p.kill()
        os.remove(cfg)
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
