#!/usr/bin/env python3
"""selftest.py: checks wrun-sim.py itself (every endpoint, every fault kind,
TLS, a 20,000-run history, prompt exit), printing TAP.

    /usr/bin/python3 tests/sim/selftest.py [--quick]

--quick skips the 20,000-run history and TLS. Standard library only; TLS
needs the openssl command. Exit status 0 when every check passes.
"""

import gzip
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SIM = os.path.join(HERE, "wrun-sim.py")
SCEN = os.path.join(HERE, "scenarios")
API = "/worker/api/v1"
BASIC = "ba51c000-0000-4000-8000-0000000000%02d"

n_tests = 0
n_failed = 0


def check(name, cond, detail=""):
    global n_tests, n_failed
    n_tests += 1
    if cond:
        print("ok %d - %s" % (n_tests, name))
    else:
        n_failed += 1
        print("not ok %d - %s" % (n_tests, name))
        if detail:
            for line in str(detail)[:2000].splitlines():
                print("# " + line)
    sys.stdout.flush()


class Sim:
    def __init__(self, tmp, *args, tls=None, env=None):
        self.tmp = tmp
        self.token = os.urandom(16).hex()
        self.port_file = os.path.join(tmp, "port")
        self.log = os.path.join(tmp, "requests.jsonl")
        for f in (self.port_file, self.log):
            if os.path.exists(f):
                os.unlink(f)
        e = dict(os.environ, WRUN_SIM_TOKEN=self.token, WRUN_NOW_MS="1768478400000")
        e.update(env or {})
        argv = [sys.executable, SIM, "--port-file", self.port_file, "--request-log", self.log,
                "--exit-after", "300"] + list(args)
        self.tls = tls
        if tls:
            argv += ["--tls-cert", tls[0], "--tls-key", tls[1]]
        self.err = open(os.path.join(tmp, "sim.err"), "w")
        self.proc = subprocess.Popen(argv, env=e, stdout=subprocess.PIPE, stderr=self.err)
        deadline = time.monotonic() + 20
        while not (os.path.exists(self.port_file) and os.path.getsize(self.port_file)):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("simulator did not start: " + open(self.err.name).read())
            time.sleep(0.02)
        self.port = int(open(self.port_file).read())

    def conn(self, timeout=30):
        if self.tls:
            ctx = ssl.create_default_context(cafile=self.tls[0])
            return http.client.HTTPSConnection("127.0.0.1", self.port, timeout=timeout, context=ctx)
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def req(self, method, path, body=None, token=True, headers=None, timeout=30):
        """(status, headers, body bytes); status None when the connection broke."""
        c = self.conn(timeout)
        h = {"User-Agent": "selftest/1", "Accept": "application/json"}
        if token:
            h["Authorization"] = "Bearer " + (self.token if token is True else token)
        if body is not None:
            h["Content-Type"] = "application/json"
            body = body if isinstance(body, (bytes, str)) else json.dumps(body)
        h.update(headers or {})
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
            return r.status, r, data
        except (OSError, http.client.HTTPException) as e:
            return None, None, e
        finally:
            c.close()

    def json(self, method, path, body=None, **kw):
        st, _, data = self.req(method, path, body, **kw)
        try:
            return st, json.loads(data)
        except (ValueError, TypeError):
            return st, data

    def fault(self, spec):
        st, _, data = self.req("POST", "/__sim/fault", {"spec": spec})
        assert st == 200, (spec, st, data)

    def log_lines(self):
        with open(self.log) as f:
            return [json.loads(line) for line in f]

    def stop(self):
        t0 = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = None
        self.err.close()
        return rc, time.monotonic() - t0


def test_basic(tmp):
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "basic.json"))
    out = s.proc.stdout
    try:
        # auth
        st, body = s.json("GET", API + "/workers", token=False)
        check("no token: 401 envelope", st == 401 and body == {"errors": [{"status": 401, "message": "Bad credentials"}]}, body)
        st, body = s.json("GET", API + "/workers", token="nope")
        check("wrong token: 401", st == 401, body)
        st, body = s.json("GET", "/__sim/state", token=False)
        check("control endpoint needs the token too", st == 401, body)

        # workers
        st, body = s.json("GET", API + "/workers")
        ws = body.get("workers", []) if isinstance(body, dict) else []
        check("workers: 6 with sourceCode and secrets", st == 200 and len(ws) == 6 and "sourceCode" in ws[0]
              and ws[0]["secrets"][0]["value"].startswith("SIMSECRET"), body)
        st, body = s.json("GET", API + "/workers?keysOnly=true&projectKey=proj1")
        check("keysOnly + projectKey", st == 200 and body == {"keys": ["proj1-webhook"]}, body)
        st, body = s.json("GET", API + "/workers?action=SCHEDULED_EVENT&keysOnly=true")
        check("action filter", body == {"keys": ["nightly-cleanup"]}, body)
        st, body = s.json("GET", API + "/workers/size-guard")
        check("one worker", st == 200 and body.get("key") == "size-guard", body)
        st, body = s.json("GET", API + "/workers/nope")
        check("unknown worker: 404 envelope", st == 404 and body["errors"][0]["status"] == 404, body)
        st, body = s.json("GET", "/" + API + "/workers")
        check("a leading // is not collapsed: 404", st == 404, body)

        # history
        st, body = s.json("GET", API + "/execution_history")
        check("history: 22 runs by default, storage order", st == 200 and len(body) == 22
              and body[8]["historyEntryId"] == BASIC % 1, body)
        starts = [e["startTimeMillis"] for e in body]
        check("history is not sorted", starts != sorted(starts) and starts != sorted(starts, reverse=True))
        st, body = s.json("GET", API + "/execution_history?showTestRun=true")
        check("showTestRun=true: 23", st == 200 and len(body) == 23, len(body))
        st, body = s.json("GET", API + "/execution_history?workerKey=proj1-webhook")
        check("project worker without projectKey: 403", st == 403 and body["errors"][0]["status"] == 403, body)
        st, body = s.json("GET", API + "/execution_history?workerKey=proj1-webhook&projectKey=proj1")
        check("project worker with projectKey: 6", st == 200 and len(body) == 6, body)
        st, body = s.json("GET", API + "/execution_history?projectKey=proj1")
        check("projectKey alone: that project's runs", st == 200 and len(body) == 6, body)
        st, body = s.json("GET", API + "/execution_history?projectKey=nope")
        check("unknown project: 403", st == 403, body)
        st, body = s.json("GET", API + "/execution_history?workerKey=nope")
        check("unknown worker's history: 404", st == 404, body)
        st, _, raw = s.req("GET", API + "/execution_history?workerKey=block-snapshots")
        check("hostile bytes are served (ESC escaped, C1 and DEL raw UTF-8)",
              b"\\u001b]0;pwned\\u0007" in raw and b"\xc2\x9b31m" in raw and b"\x7f" in raw, raw[:200])

        # rerun
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 1})
        check("rerun: result shape", st == 200 and body.get("executionId", "").startswith("e0000000")
              and set(body) == {"executionId", "logs", "executionMetrics", "executionLimits", "result"}
              and body["result"]["executionStatus"] == "STATUS_SUCCESS"
              and body["executionLimits"]["maxMemoryUsageBytes"] == 125829120, body)
        st, hist = s.json("GET", API + "/execution_history?workerKey=block-snapshots")
        check("successful rerun of a non-debug worker: not recorded", len(hist) == 5, len(hist))
        st, body = s.json("POST", API + "/rerun/block-snapshots?forceRecord=true", {"historyEntryId": BASIC % 1})
        st, hist = s.json("GET", API + "/execution_history?workerKey=block-snapshots")
        check("forceRecord=true: recorded at the end", len(hist) == 6
              and hist[-1]["historyEntryId"] == "a0000000-0000-4000-8000-000000000002"
              and hist[-1]["triggeredBy"] == "admin" and hist[-1]["startTimeMillis"] >= 1768478400000, hist[-1:])
        st, body = s.json("POST", API + "/rerun/tag-on-upload", {"historyEntryId": BASIC % 9})
        check("override: 09 fails on memory", st == 200 and body["result"]["executionStatus"] == "STATUS_FAIL"
              and body["executionMetrics"]["topMemoryUsageBytes"] == 130023424, body)
        st, hist = s.json("GET", API + "/execution_history?workerKey=tag-on-upload")
        check("failed rerun: recorded", hist[-1]["historyEntryId"] == "a0000000-0000-4000-8000-000000000003", hist[-1:])
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 2})
        check("override: 02 succeeds", body["result"]["executionStatus"] == "STATUS_SUCCESS"
              and body["result"]["data"]["message"] == "Download allowed", body)
        st, body = s.json("POST", API + "/rerun/proj1-webhook", {"historyEntryId": BASIC % 16})
        check("rerun of a project worker without projectKey: 403", st == 403, body)
        st, body = s.json("POST", API + "/rerun/proj1-webhook?projectKey=proj1", {"historyEntryId": BASIC % 16})
        check("... with it: 200", st == 200, body)
        st, body = s.json("POST", API + "/rerun/block-snapshots", "not json")
        check("rerun body not JSON: 400", st == 400, body)
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"id": "x"})
        check("rerun without historyEntryId: 400", st == 400, body)
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 9})
        check("entry of another worker: 404", st == 404, body)
        st, body = s.json("POST", API + "/rerun/nope", {"historyEntryId": BASIC % 1})
        check("rerun of an unknown worker: 404", st == 404, body)

        # execute
        st, body = s.json("POST", API + "/execute/proj1-webhook?projectKey=proj1", {"ref": "refs/tags/v2"})
        check("execute", st == 200 and body.get("executionStatus") == "STATUS_SUCCESS" and "data" in body, body)
        st, body = s.json("GET", API + "/nothing")
        check("unknown path: 404 envelope", st == 404 and "errors" in body, body)

        # request log
        log = s.log_lines()
        last = log[-1]
        check("request log: one line per API request, fields", len(log) == 31 and set(last) >= {
            "method", "path", "query", "headers", "auth", "body", "status"} and last["status"] == 404, (len(log), last))
        ex = [r for r in log if r["path"].startswith(API + "/execute/")][0]
        check("request log: body, query, headers", ex["body"] == {"ref": "refs/tags/v2"}
              and ex["query"] == {"projectKey": "proj1"} and ex["headers"]["User-Agent"] == "selftest/1"
              and ex["auth"] == "ok", ex)
        check("request log: auth missing/bad", log[0]["auth"] == "missing" and log[1]["auth"] == "bad", log[:2])
        s.req("GET", API + "/workers?t=" + s.token)
        text = open(s.log).read()
        check("request log never holds the token", s.token not in text and "[REDACTED-TOKEN]" in text)
    finally:
        rc, took = s.stop()
    check("SIGTERM: exit 0 promptly", rc == 0 and took < 3, (rc, took))
    check("nothing on stdout", out.read() == b"")


def test_faults(tmp):
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "basic.json"), "--fault", "history=status:503@1",
            "--fault", "rerun=status:400")
    hist = API + "/execution_history"
    try:
        st, body = s.json("GET", hist)
        check("status:503 from --fault", st == 503 and body["errors"][0]["message"] == "Service unavailable", body)
        st, body = s.json("GET", hist)
        check("@1: only once", st == 200, st)
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 1})
        check("rerun status:400 says call limit", st == 400 and body["errors"][0]["message"] == "Call limit exceeded", body)
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 1})
        check("no @COUNT: every time", st == 400, body)
        st, body = s.json("DELETE", "/__sim/faults")
        st, body = s.json("POST", API + "/rerun/block-snapshots", {"historyEntryId": BASIC % 1})
        check("DELETE /__sim/faults clears", st == 200, body)
        st, body = s.json("POST", "/__sim/fault", {"spec": "history=bogus"})
        check("bad spec: 400", st == 400, body)

        s.fault("workers=status:403:custom: with colon@1")
        st, body = s.json("GET", API + "/workers")
        check("status with a message", st == 403 and body["errors"][0]["message"] == "custom: with colon", body)
        s.fault("any=html:502@1")
        st, r, data = s.req("GET", API + "/workers")
        check("html:502", st == 502 and r.getheader("Content-Type") == "text/html" and b"nginx" in data, data)
        s.fault("workers=empty:504@1")
        st, r, data = s.req("GET", API + "/workers")
        check("empty:504", st == 504 and data == b"", data)
        s.fault("workers=delay:1@1")
        t0 = time.monotonic()
        st, _, _ = s.req("GET", API + "/workers")
        # Lower bounds only: a loaded machine may be slower, never faster.
        check("delay:1", st == 200 and time.monotonic() - t0 >= 0.9, time.monotonic() - t0)
        s.fault("history=slow:1.5@1")
        c = s.conn()
        c.request("GET", hist, headers={"Authorization": "Bearer " + s.token})
        t0 = time.monotonic()
        r = c.getresponse()
        t_head = time.monotonic() - t0
        data = r.read()
        t_all = time.monotonic() - t0
        c.close()
        check("slow:1.5: headers first, then the body over ~1.5 s", t_all - t_head >= 1.0
              and len(json.loads(data)) == 22, (t_head, t_all))
        s.fault("workers=truncated@1")
        st, _, err = s.req("GET", API + "/workers")
        check("truncated: the client sees an incomplete read", st is None and "Incomplete" in type(err).__name__, err)
        s.fault("history=malformed@1")
        st, r, data = s.req("GET", hist)
        try:
            json.loads(data)
            parsed = True
        except ValueError:
            parsed = False
        check("malformed: 200 JSON type, not JSON", st == 200 and not parsed and data.endswith(b"}]]{"), data[-50:])
        s.fault("history=object@1")
        st, body = s.json("GET", hist + "?workerKey=size-guard")
        check("object with nothing to show: []", body == [], body)
        s.fault("history=object@1")
        st, body = s.json("GET", hist)
        check("object: a single entry", isinstance(body, dict) and body.get("workerKey") == "audit-downloads", body)
        for ep, path, method in (("history", hist, "GET"), ("workers", API + "/workers", "GET"),
                                 ("rerun", API + "/rerun/x", "POST"), ("execute", API + "/execute/x", "POST")):
            s.fault("%s=huge:3000000@1" % ep)
            st, _, data = s.req(method, path, {} if method == "POST" else None)
            try:
                json.loads(data)
                valid = True
            except ValueError:
                valid = False
            check("huge:3000000 on %s: exact size, valid JSON" % ep, st == 200 and len(data) == 3000000 and valid, len(data))
        s.fault("history=bigheader:5000@1")
        st, r, data = s.req("GET", hist)
        check("bigheader:5000: one header of 5000 letters, the normal body",
              st == 200 and r.getheader("X-Padding") == "a" * 5000 and isinstance(json.loads(data), list),
              (st, len(r.getheader("X-Padding") or "") if r else None))
        s.fault("workers=manyheaders:50@1")
        st, r, data = s.req("GET", API + "/workers")
        pads = [k for k, _ in r.getheaders() if k.startswith("X-Pad-")] if r else []
        check("manyheaders:50: 50 more headers, the normal body",
              st == 200 and len(pads) == 50 and pads[-1] == "X-Pad-50" and "workers" in json.loads(data), pads[-3:])
        for ep, path, method, size in (("history", hist, "GET", 3000000), ("workers", API + "/workers", "GET", 1000001),
                                       ("rerun", API + "/rerun/x", "POST", 4096), ("history", hist, "GET", 16)):
            s.fault("%s=gzipbomb:%d@1" % (ep, size))
            st, r, data = s.req(method, path, {} if method == "POST" else None)
            try:
                text = gzip.decompress(data)
                doc = json.loads(text)
            except (OSError, ValueError) as e:
                text, doc = b"", e
            check("gzipbomb:%d on %s: gzip, inflates to exactly that, valid JSON" % (size, ep),
                  st == 200 and r.getheader("Content-Encoding") == "gzip" and len(text) == size and
                  not isinstance(doc, Exception) and len(data) < max(size // 50, 200), (st, len(data), len(text), repr(doc)[:80]))
        for bad in ("history=bigheader", "history=bigheader:0", "history=manyheaders:x", "history=gzipbomb:15"):
            st, _, _ = s.req("POST", "/__sim/fault", {"spec": bad})
            check("fault %s refused" % bad, st == 400, st)
        s.fault("history=reset@1")
        st, _, err = s.req("GET", hist)
        check("reset: connection reset", st is None and isinstance(err, (ConnectionResetError, http.client.RemoteDisconnected)),
              repr(err))

        s.fault("history=hang@1")
        hung = {}

        def hang_client():
            hung["result"] = s.req("GET", hist, timeout=2.5)
        t = threading.Thread(target=hang_client)
        t.start()
        time.sleep(0.3)
        st, _, _ = s.req("GET", API + "/workers")
        check("hang does not block another request", st == 200 and t.is_alive())
        t.join()
        check("hang: no answer (client timed out)", hung["result"][0] is None and isinstance(hung["result"][2], socket.timeout),
              hung["result"])
        st, body = s.json("GET", "/__sim/state")
        check("state: counts and faults", st == 200 and body["faults"] == [] and body["requests"]["history"] >= 8, body)
        log = s.log_lines()
        check("log: status null for hang and reset", [r["status"] for r in log if r["fault"] in (
            "history=reset@1", "history=hang@1")] == [None, None], log[-4:])
        s.fault("history=hang")
        c = s.conn()
        c.request("GET", hist, headers={"Authorization": "Bearer " + s.token})
        time.sleep(0.2)
    finally:
        rc, took = s.stop()
    check("SIGTERM with a hanging request: exit 0 promptly", rc == 0 and took < 3, (rc, took))


def test_faults_every(tmp):
    """%EVERY, its mix with @COUNT, and ratelimit (Retry-After)."""
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "basic.json"),
            "--fault", "rerun=status:400:Call limit exceeded%3")
    hist = API + "/execution_history"
    rerun = API + "/rerun/block-snapshots"
    try:
        got = [s.json("POST", rerun, {"historyEntryId": BASIC % 1}) for _ in range(7)]
        check("%3: the 3rd and 6th reruns fail, the others are served",
              [st for st, _ in got] == [200, 200, 400, 200, 200, 400, 200], [st for st, _ in got])
        check("%3: with the given message", got[2][1]["errors"][0]["message"] == "Call limit exceeded", got[2][1])
        st, body = s.json("GET", "/__sim/state")
        check("%3: still there, described with every", st == 200 and len(body["faults"]) == 1
              and body["faults"][0]["every"] == 3 and body["faults"][0]["remaining"] is None, body)
        s.json("DELETE", "/__sim/faults")

        s.fault("history=status:500%2@1")
        sts = [s.json("GET", hist + "?workerKey=size-guard")[0] for _ in range(5)]
        check("%2@1: only the 2nd request, then removed", sts == [200, 500, 200, 200, 200], sts)
        s.fault("history=status:502@2%2")
        sts = [s.json("GET", hist + "?workerKey=size-guard")[0] for _ in range(7)]
        check("@2%2 (either order): the 2nd and 4th", sts == [200, 502, 200, 502, 200, 200, 200], sts)
        st, body = s.json("GET", "/__sim/state")
        check("... then removed", body["faults"] == [], body)
        s.fault("history=status:500%2")
        s.fault("history=status:503")
        sts = [s.json("GET", hist + "?workerKey=size-guard")[0] for _ in range(4)]
        check("a fault that does not apply lets the next one apply", sts == [503, 500, 503, 500], sts)
        s.json("DELETE", "/__sim/faults")
        s.fault("workers=status:403:50% off@1")
        st, body = s.json("GET", API + "/workers")
        check("a % without digits is part of the message", st == 403
              and body["errors"][0]["message"] == "50% off", body)
        for bad in ("history=status:500%0", "history=status:500@0", "history=ratelimit",
                    "history=ratelimit:soon", "history=ratelimit:1:99", "history=ratelimit:1:429:m%x%0"):
            st, body = s.json("POST", "/__sim/fault", {"spec": bad})
            check("bad spec %s: 400" % bad, st == 400, body)

        # ratelimit: Retry-After
        s.fault("history=ratelimit:7@1")
        st, r, data = s.req("GET", hist)
        body = json.loads(data)
        check("ratelimit:7: 429 with Retry-After: 7", st == 429 and r.getheader("Retry-After") == "7"
              and body == {"errors": [{"status": 429, "message": "Too many requests"}]}, (st, data))
        s.fault("rerun=ratelimit:30:400@1")
        st, r, data = s.req("POST", rerun, {"historyEntryId": BASIC % 1})
        check("ratelimit:30:400: Call limit exceeded with Retry-After: 30", st == 400
              and r.getheader("Retry-After") == "30"
              and json.loads(data)["errors"][0]["message"] == "Call limit exceeded", (st, data))
        s.fault("any=ratelimit:99999:503:back: soon@1")
        st, r, data = s.req("GET", API + "/workers")
        check("ratelimit with a code and a message with ':'", st == 503 and r.getheader("Retry-After") == "99999"
              and json.loads(data)["errors"][0]["message"] == "back: soon", (st, data))
        s.fault("history=status:429@1")
        st, r, data = s.req("GET", hist)
        check("status:429: no Retry-After", st == 429 and r.getheader("Retry-After") is None, (st, data))
        log = s.log_lines()
        check("log: the ratelimit fault's spec", "history=ratelimit:7@1" in [x["fault"] for x in log])
    finally:
        s.stop()


def test_scoped(tmp):
    """projectHistoryScoped: the global listing leaves out project workers."""
    with open(os.path.join(SCEN, "basic.json")) as f:
        data = json.load(f)
    data["projectHistoryScoped"] = True
    path = os.path.join(tmp, "scoped.json")
    with open(path, "w") as f:
        json.dump(data, f)
    hist = API + "/execution_history"
    s = Sim(tmp, "--scenario", path)
    try:
        st, body = s.json("GET", hist)
        check("scoped: 16 runs without proj1-webhook's", st == 200 and len(body) == 16
              and not any(e["workerKey"] == "proj1-webhook" for e in body), len(body))
        st, body = s.json("GET", hist + "?showTestRun=true")
        check("scoped: 17 with test runs", st == 200 and len(body) == 17, len(body))
        st, body = s.json("GET", hist + "?projectKey=proj1")
        check("scoped: ?projectKey=proj1 lists its 6", st == 200 and len(body) == 6
              and {e["workerKey"] for e in body} == {"proj1-webhook"}, body)
        st, body = s.json("GET", hist + "?workerKey=proj1-webhook&projectKey=proj1")
        check("scoped: workerKey+projectKey lists its 6", st == 200 and len(body) == 6, len(body))
        st, body = s.json("GET", hist + "?workerKey=block-snapshots")
        check("scoped: a global worker's own history is unchanged", st == 200 and len(body) == 5, len(body))
        st, body = s.json("GET", "/__sim/state")
        check("scoped: state says so", body.get("projectHistoryScoped") is True, body)
    finally:
        s.stop()
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        json.dump({"projectHistoryScoped": "yes"}, f)
    st = subprocess.run([sys.executable, SIM, "--scenario", bad], env=dict(os.environ, WRUN_SIM_TOKEN="x"),
                        capture_output=True, text=True, timeout=30)
    check("scoped: a non-boolean value is refused", st.returncode == 2 and "projectHistoryScoped" in st.stderr,
          st.stderr)
    s = Sim(tmp, "--demo")
    try:
        st, body = s.json("GET", hist)
        check("demo: scoped, release-webhook's runs are not in the global listing",
              st == 200 and body and not any(e.get("workerKey") == "release-webhook" for e in body), len(body))
        st, body = s.json("GET", hist + "?projectKey=proj1")
        check("demo: ... but under projectKey=proj1", st == 200 and len(body) >= 10
              and {e.get("workerKey") for e in body} == {"release-webhook"}, len(body))
    finally:
        s.stop()


def test_data(tmp, quick):
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "oddities.json"))
    try:
        st, body = s.json("GET", API + "/execution_history")
        check("oddities: 28 elements of mixed types", st == 200 and len(body) == 28, body)
        st, body = s.json("GET", API + "/execution_history?workerKey=odd-one")
        check("oddities: odd-one lists 24", st == 200 and len(body) == 24, len(body))
    finally:
        s.stop()
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "empty.json"))
    try:
        st, body = s.json("GET", API + "/execution_history")
        check("empty: []", st == 200 and body == [], body)
    finally:
        s.stop()
    s = Sim(tmp, "--demo", "--runs", "50")
    try:
        st, ws = s.json("GET", API + "/workers")
        st, body = s.json("GET", API + "/execution_history?showTestRun=true")
        statuses = {e.get("executionStatus") for e in body}
        # (release-webhook's ~16 runs are scoped out of this global listing)
        check("demo: 6 workers, ~135 runs + 50", len(ws["workers"]) == 6 and 165 < len(body) < 215, len(body))
        check("demo: every status kind", {"STATUS_SUCCESS", "STATUS_FAIL", "STATUS_TIMEOUT"} <= statuses, statuses)
        check("demo: runs lie in the 30 days before now",
              all(1768478400000 - 31 * 86400000 < e["startTimeMillis"] <= 1768478400000 for e in body))
        check("demo: entries without historyEntryId", sum("historyEntryId" not in e for e in body) == 2)
        check("demo: --runs IDs", sum(e.get("historyEntryId", "").startswith("0b0b0000-") for e in body) == 50)
    finally:
        s.stop()
    if quick:
        return
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "basic.json"), "--runs", "20000")
    try:
        st, _, data = s.req("GET", API + "/execution_history?showTestRun=true", timeout=120)
        check("20,000 runs: 50-60 MB", st == 200 and 50e6 < len(data) < 60e6, len(data))
        check("20,000 runs: valid JSON", len(json.loads(data)) == 20023)
    finally:
        s.stop()


def test_tls(tmp):
    if not shutil.which("openssl"):
        print("ok %d - # SKIP no openssl" % (n_tests + 1))
        return
    cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    s = Sim(tmp, "--scenario", os.path.join(SCEN, "basic.json"), tls=(cert, key))
    try:
        st, body = s.json("GET", API + "/workers?keysOnly=true")
        check("TLS: served over HTTPS", st == 200 and len(body["keys"]) == 6, body)
        plain = http.client.HTTPConnection("127.0.0.1", s.port, timeout=3)
        try:
            plain.request("GET", API + "/workers")
            plain.getresponse()
            ok = False
        except (OSError, http.client.HTTPException):
            ok = True
        check("TLS: plain HTTP gets no answer", ok)
        s.fault("history=hang@1")
        hung = {}
        t = threading.Thread(target=lambda: hung.update(r=s.req("GET", API + "/execution_history", timeout=2)))
        t.start()
        time.sleep(0.3)
        st, _, _ = s.req("GET", API + "/workers")
        check("TLS: hang does not block others", st == 200)
        t.join()
        s.fault("history=reset@1")
        st, _, err = s.req("GET", API + "/execution_history")
        check("TLS: reset", st is None, err)
        st, _, _ = s.req("GET", API + "/workers")
        check("TLS: still serving after a reset", st == 200)
    finally:
        rc, took = s.stop()
    check("TLS: SIGTERM exits 0", rc == 0 and took < 3, (rc, took))


def main():
    quick = "--quick" in sys.argv[1:]
    tmp = tempfile.mkdtemp(prefix="wrun-sim-selftest.")
    try:
        st = subprocess.run([sys.executable, SIM], env={k: v for k, v in os.environ.items() if k != "WRUN_SIM_TOKEN"},
                            capture_output=True, text=True)
        check("no WRUN_SIM_TOKEN: refuses to start", st.returncode == 2 and "WRUN_SIM_TOKEN" in st.stderr, st.stderr)
        test_basic(tmp)
        test_faults(tmp)
        test_faults_every(tmp)
        test_scoped(tmp)
        test_data(tmp, quick)
        if not quick:
            test_tls(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("1..%d" % n_tests)
    return 1 if n_failed else 0


if __name__ == "__main__":
    sys.exit(main())
