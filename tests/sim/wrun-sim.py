#!/usr/bin/env python3
"""wrun-sim: a fake JFrog Workers REST API for wrun's tests and for `wrun --demo`.

Python 3 standard library only, one self-contained file (it is installed to
$(pkgdatadir) and started by `wrun --demo`).

Usage
-----
    WRUN_SIM_TOKEN=secret wrun-sim.py [--bind 127.0.0.1] [--port 0]
        [--port-file FILE] [--request-log FILE]
        [--scenario FILE.json | --demo] [--runs N] [--runs-worker KEY]
        [--tls-cert PEM --tls-key PEM] [--fault SPEC]...
        [--exit-after SECONDS] [--quiet]

The server binds 127.0.0.1 on a free port (port 0) unless told otherwise.
Once it listens it writes the port number to --port-file (atomically: a
temporary file in the same folder, then a rename). It prints nothing on
stdout; errors go to stderr. SIGTERM and SIGINT make it exit 0 promptly;
--exit-after is a safety timer after which it exits 0 by itself.

The bearer token comes only from the environment variable WRUN_SIM_TOKEN
(never from argv: it is a secret). Every request, including the /__sim/
control endpoints, must carry "Authorization: Bearer <token>", else 401
{"errors":[{"status":401,"message":"Bad credentials"}]}.

Clock: "now" is the real time, or, when the environment has WRUN_NOW_MS
(the tests' fixed clock), that value plus the time since the server started.
The demo dataset is generated relative to "now"; a recorded rerun starts
"now".

Endpoints (shapes of the real API; see docs/workers-api.md)
---------------------------------------------------------
  GET  /worker/api/v1/workers            ?projectKey= &action= &keysOnly=true
  GET  /worker/api/v1/workers/{key}
  GET  /worker/api/v1/execution_history  ?workerKey= &showTestRun=true &projectKey=
  POST /worker/api/v1/rerun/{workerKey}  ?forceRecord=true &projectKey=
                                         body {"historyEntryId":"<id>"}
  POST /worker/api/v1/execute/{workerKey} ?projectKey=   body: any JSON
  anything else: 404 {"errors":[...]}

History is served in storage order (oldest first, but not sorted: the
client must sort). Project scoping is strict: the history of, or a rerun
or execution of, a worker with a projectKey needs ?projectKey=<that key>,
else 403. Without workerKey, ?projectKey=P lists only P's runs (403 if no
worker belongs to P) and no projectKey lists every run, unless the dataset
has "projectHistoryScoped": true (the demo has): then that global listing
leaves out the entries of project workers (those whose workerProjectKey,
else their worker's projectKey, is not empty), as a real platform may;
they are listed with ?projectKey=P (with or without workerKey). Test runs
(testRun: true) are listed only with showTestRun=true.

A rerun repeats the original run's status, logs and result, with metrics
within 15 % of the original's (still over a limit the original exceeded;
deterministic per entry), unless the scenario's "reruns" object overrides
it. It is recorded as a new history entry (appended) when forceRecord=true,
when it failed, or when the worker has debug=true. New IDs are stable and
recognizable: the n-th successful rerun answers executionId
e0000000-0000-4000-8000-<n as 12 digits> and records historyEntryId
a0000000-0000-4000-8000-<n as 12 digits>; a recorded execute call gets
a1000000-0000-4000-8000-<n>.

Control endpoints (need the token too; not written to the request log)
---------------------------------------------------------------------
  POST   /__sim/fault   {"spec":"SPEC"}   add a fault (400 if SPEC is bad)
  DELETE /__sim/faults                    remove every fault
  GET    /__sim/state                     {"faults":[...], "requests":{...},
                                           "historyEntries":N, ...}

Faults
------
SPEC is ENDPOINT=KIND[:ARG[:ARG2]][%EVERY][@COUNT]. ENDPOINT is workers
(list and single worker), history, rerun, execute or any (every request but
the control ones). %EVERY makes the fault apply to every EVERY-th matching
request only (the EVERY-th, 2*EVERY-th, ... that reaches it, counted from
when it was added); the others pass it by, as if it were not there.
@COUNT limits the fault to its next COUNT applications (without %EVERY:
the next COUNT matching requests), after which it is removed; without it
the fault applies for ever. The two suffixes may come in either order. So
history=status:500%2@1 fails only the second history request, and
rerun=status:400:Call limit exceeded%3 every third rerun. The first fault
that applies wins. Faults are applied before the token is checked (like a
proxy in front).

  status:CODE[:MESSAGE]  CODE with the errors envelope (default messages:
                         400 "Call limit exceeded" for rerun, else
                         "Malformed payload"; 401 "Bad credentials"; 403
                         "Insufficient permissions"; 404 "Not found"; 429
                         "Too many requests"; ...), no Retry-After
  ratelimit:SECONDS[:CODE[:MESSAGE]]
                         like status:CODE[:MESSAGE] (CODE 429 by default;
                         400's default message is "Call limit exceeded"),
                         with the header "Retry-After: SECONDS" (digits,
                         sent verbatim, however large)
  html:CODE              an nginx-style HTML error page (text/html)
  empty:CODE             CODE with an empty body
  delay:SECONDS          wait, then answer normally
  slow:SECONDS           answer normally, dribbling the body over SECONDS
  hang                   read the request, never answer (other requests
                         are not blocked); the socket is held until the
                         client closes it or the server exits
  reset                  close the connection with a TCP RST, no response
  truncated              the normal answer with the full Content-Length
                         but only the first half of the body, then close
  malformed              a 200 application/json body that is not JSON
                         (the first half of the normal body, then "}]]{")
  huge:BYTES             a 200 JSON body of exactly BYTES (>= 1024) bytes,
                         streamed (history: generated entries; others:
                         the usual shape with one giant string)
  object                 (history only) the first matching entry as a
                         single JSON object instead of an array
  bigheader:BYTES        the normal answer with one more response header,
                         "X-Padding: " and BYTES (>= 1) letters
  manyheaders:N          the normal answer with N (>= 1) more response
                         headers, "X-Pad-1: x" to "X-Pad-N: x"
  gzipbomb:BYTES         a 200 body with "Content-Encoding: gzip" (sent
                         whatever the request's Accept-Encoding) that
                         inflates to exactly BYTES (>= 16) bytes of JSON:
                         history [{},{},...], workers {"workers":[{},...]},
                         rerun and execute {"result":[{},...]} (padded with
                         spaces to the size); tiny on the wire

Request log
-----------
--request-log FILE appends one JSON object per line, flushed before the
answer is sent: {"method", "path" (as sent, percent-encoding kept),
"query": {name: decoded value, or a list when repeated}, "headers":
{"User-Agent", "Content-Type", "Accept"} (null when absent), "auth":
"ok"|"bad"|"missing", "body": parsed JSON, raw text, or null, "status":
int, or null for hang/reset, "fault": the applied SPEC or null}. The token
is never written: should the client send it anywhere else (query, body,
another header), it appears as [REDACTED-TOKEN], which tests can look for.

Datasets
--------
--demo (the default) builds a realistic dataset from a fixed seed relative
to "now": 6 workers, about 150 runs over the last 3 days, with
"projectHistoryScoped": true (release-webhook, of project proj1, is left
out of the listing of every worker). --scenario FILE
loads {"user", "limits", "workers", "history", "reruns", "historyShape",
"projectHistoryScoped", "now"} (see tests/sim/scenarios/README.md). --runs N appends N synthetic
runs (about 2.8 KB of JSON each, most of it multi-line logs; 20000 make a
body of about 55 MB) to the worker
--runs-worker (default: the first worker), ending at "now" (demo) or at
the scenario's "now" (default 1768478400000, 2026-01-15 12:00 UTC); their
IDs are 0b0b0000-0000-4000-8000-<n as 12 digits>, n from 1.

tests/sim/selftest.py checks all of the above (TAP output).
"""

import argparse
import collections
import copy
import hashlib
import hmac
import io
import json
import os
import random
import re
import select
import signal
import socket
import socketserver
import ssl
import struct
import sys
import tempfile
import threading
import time
import traceback
import urllib.parse
import uuid
import zlib
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROG = "wrun-sim"
TOKEN_ENV = "WRUN_SIM_TOKEN"
NOW_ENV = "WRUN_NOW_MS"
API = "/worker/api/v1"
CONTROL = "/__sim/"

DEFAULT_LIMITS = {
    "maxCpuTimeMillis": 1000,
    "maxMemoryUsageBytes": 125829120,
    "maxExecutionDurationMillis": 6000,
}
SCENARIO_NOW_MS = 1768478400000  # 2026-01-15 12:00:00 UTC, the tests' clock
DEMO_SEED = 20260115
RUNS_SEED = 4242
MIB = 1024 * 1024
CHUNK = 256 * 1024
LIMIT_MESSAGES = {
    "memory": "Worker used too much memory",
    "cpu": "Worker used too much cpu time",
    "timeout": "Worker execution timeout",
    "queue": "Worker waited for too long in the queue",
    "killed": "The worker has been killed unexpectedly",
}
ENDPOINTS = ("workers", "history", "rerun", "execute")
REDACTED = "[REDACTED-TOKEN]"

STOP = threading.Event()  # set when the server is going down


def die(msg, code=2):
    sys.stderr.write("%s: %s\n" % (PROG, msg))
    sys.exit(code)


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def to_json_bytes(obj):
    """Compact JSON as a Java server writes it: raw UTF-8, control characters
    escaped. Strings with lone surrogates fall back to \\u escapes."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(obj, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def envelope(status, message):
    return to_json_bytes({"errors": [{"status": status, "message": message}]})


def seq_id(prefix, n):
    """A recognizable, valid UUID: PPPPPPPP-0000-4000-8000-<n, 12 digits>."""
    return "%s-0000-4000-8000-%012d" % (prefix, n)


def rng_uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def parse_bool(value):
    """Go's strconv.ParseBool, as the platform's Go services use."""
    return value in ("1", "t", "T", "true", "TRUE", "True")


def as_str(value):
    return value if isinstance(value, str) else None


class Clock:
    def __init__(self):
        base = os.environ.get(NOW_ENV, "")
        try:
            self.base_ms = int(base)
        except ValueError:
            self.base_ms = int(time.time() * 1000)
        self.t0 = time.monotonic()

    def now_ms(self):
        return self.base_ms + int((time.monotonic() - self.t0) * 1000)


# ---------------------------------------------------------------------------
# Worker source code (what GET /workers returns in "sourceCode")
# ---------------------------------------------------------------------------

TS_HEADER = """/**
 * %(key)s
 *
 * %(description)s
 *
 * Deployed with `jf worker deploy`. Limits on this platform: 1000 ms of CPU,
 * 120 MiB of memory and 6000 ms of wall time per execution; keep calls to
 * other services short and always set a timeout on them.
 *
 * Secrets used: %(secrets)s (read through context.secrets.get()).
 */
"""

TS_BODIES = {
    "BEFORE_DOWNLOAD": """import { PlatformContext, BeforeDownloadRequest, BeforeDownloadResponse, DownloadStatus } from 'jfrog-workers';

const ALLOWED_LICENSES = new Set(['Apache-2.0', 'MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'MPL-2.0']);

interface LicenseInfo {
    name: string;
    approved: boolean;
}

async function fetchLicenses(context: PlatformContext, repoKey: string, path: string): Promise<LicenseInfo[]> {
    const res = await context.clients.platformHttp.get(
        `/artifactory/api/storage/${repoKey}/${path}?properties=license`,
        { timeout: 2000 });
    if (res.status !== 200) {
        throw new Error(`storage API answered ${res.status}`);
    }
    const values: string[] = res.data?.properties?.license ?? [];
    return values.map((name) => ({ name, approved: ALLOWED_LICENSES.has(name) }));
}

export default async (context: PlatformContext, data: BeforeDownloadRequest): Promise<BeforeDownloadResponse> => {
    const repoPath = data.metadata?.repoPath;
    if (!repoPath) {
        return { status: DownloadStatus.DOWNLOAD_WARN, message: 'No repository path in the request', headers: {} };
    }
    console.log(`Checking ${repoPath.key}/${repoPath.path}`);
    try {
        const licenses = await fetchLicenses(context, repoPath.key, repoPath.path);
        if (licenses.length === 0) {
            console.warn('No license property: letting it through');
            return { status: DownloadStatus.DOWNLOAD_PROCEED, message: 'No license information', headers: {} };
        }
        const rejected = licenses.filter((l) => !l.approved);
        if (rejected.length > 0) {
            const names = rejected.map((l) => l.name).join(', ');
            console.error(`Rejected license(s): ${names}`);
            return { status: DownloadStatus.DOWNLOAD_STOP, message: `License not allowed: ${names}`, headers: {} };
        }
        return { status: DownloadStatus.DOWNLOAD_PROCEED, message: 'License check passed', headers: {} };
    } catch (error) {
        console.error(`License check failed: ${error.message}`);
        return { status: DownloadStatus.DOWNLOAD_WARN, message: 'License check unavailable', headers: {} };
    }
};
""",
    "AFTER_DOWNLOAD": """import { PlatformContext, AfterDownloadRequest, AfterDownloadResponse } from 'jfrog-workers';

export default async (context: PlatformContext, data: AfterDownloadRequest): Promise<AfterDownloadResponse> => {
    const repoPath = data.metadata?.repoPath;
    const user = data.userContext?.id ?? 'anonymous';
    const line = {
        at: new Date().toISOString(),
        user,
        repo: repoPath?.key,
        path: repoPath?.path,
        size: data.response?.contentLength ?? -1,
    };
    console.log(`audit: ${JSON.stringify(line)}`);
    try {
        const res = await context.clients.axios.post(
            context.secrets.get('AUDIT_URL'),
            line,
            { headers: { Authorization: `Bearer ${context.secrets.get('AUDIT_TOKEN')}` }, timeout: 1500 });
        console.log(`audit sink answered ${res.status}`);
    } catch (error) {
        console.error(`audit sink failed: ${error.message}`);
    }
    return { message: 'audited' };
};
""",
    "AFTER_CREATE": """import { PlatformContext, AfterCreateRequest, AfterCreateResponse } from 'jfrog-workers';

const SCANNABLE = /\\.(jar|war|tgz|whl|zip|tar\\.gz)$/;

export default async (context: PlatformContext, data: AfterCreateRequest): Promise<AfterCreateResponse> => {
    const repoPath = data.metadata?.repoPath;
    if (!repoPath || !SCANNABLE.test(repoPath.path)) {
        console.log(`Skipping ${repoPath?.path ?? '(no path)'}`);
        return { message: 'skipped' };
    }
    console.log(`New artifact ${repoPath.key}/${repoPath.path} (${data.metadata.contentLength} bytes)`);
    const props = new URLSearchParams({
        'scan.requested': 'true',
        'scan.requestedBy': data.userContext?.id ?? 'unknown',
    });
    const res = await context.clients.platformHttp.put(
        `/artifactory/api/storage/${repoPath.key}/${repoPath.path}?properties=${props.toString().replace(/&/g, ';')}`);
    if (res.status >= 300) {
        console.error(`Could not tag the artifact: HTTP ${res.status}`);
        throw new Error(`tagging failed with ${res.status}`);
    }
    const scan = await context.clients.platformHttp.post('/xray/api/v1/scanArtifact', {
        componentID: `${repoPath.key}/${repoPath.path}`,
    });
    console.log(`Scan queued: ${JSON.stringify(scan.data)}`);
    return { message: `scan queued for ${repoPath.path}` };
};
""",
    "BEFORE_UPLOAD": """import { PlatformContext, BeforeUploadRequest, BeforeUploadResponse, UploadStatus } from 'jfrog-workers';

const MAX_BYTES: Record<string, number> = {
    'docker-local': 2 * 1024 * 1024 * 1024,
    'generic-local': 512 * 1024 * 1024,
    'libs-release-local': 200 * 1024 * 1024,
};

export default async (context: PlatformContext, data: BeforeUploadRequest): Promise<BeforeUploadResponse> => {
    const repoPath = data.metadata?.repoPath;
    const size = data.metadata?.contentLength ?? 0;
    const limit = MAX_BYTES[repoPath?.key ?? ''] ?? 100 * 1024 * 1024;
    console.log(`Upload of ${repoPath?.path} to ${repoPath?.key}: ${size} bytes (limit ${limit})`);
    if (size > limit) {
        console.warn(`Refusing ${repoPath?.path}: ${size} > ${limit}`);
        return { status: UploadStatus.UPLOAD_STOP, message: `Artifact too large: ${size} bytes, limit ${limit}`, modifiedRepoPath: repoPath };
    }
    const build = data.artifactProperties?.['build.name']?.value?.[0];
    if (!build && repoPath?.key === 'libs-release-local') {
        return { status: UploadStatus.UPLOAD_STOP, message: 'Release artifacts must come from a build', modifiedRepoPath: repoPath };
    }
    return { status: UploadStatus.UPLOAD_PROCEED, message: 'ok', modifiedRepoPath: repoPath };
};
""",
    "SCHEDULED_EVENT": """import { PlatformContext, ScheduledEventRequest, ScheduledEventResponse } from 'jfrog-workers';

const KEEP_DAYS = 14;
const REPOS = ['libs-snapshot-local', 'docker-local', 'generic-local'];

export default async (context: PlatformContext, data: ScheduledEventRequest): Promise<ScheduledEventResponse> => {
    console.log(`Cleanup started by trigger ${data.triggerID}`);
    const cutoff = new Date(Date.now() - KEEP_DAYS * 24 * 3600 * 1000).toISOString();
    let deleted = 0;
    let freed = 0;
    for (const repo of REPOS) {
        const query = `items.find({"repo":"${repo}","modified":{"$lt":"${cutoff}"},"stat.downloads":{"$eq":null}}).include("repo","path","name","size").limit(200)`;
        const res = await context.clients.platformHttp.post('/artifactory/api/search/aql', query,
            { headers: { 'Content-Type': 'text/plain' }, timeout: 2500 });
        const items = res.data?.results ?? [];
        console.log(`${repo}: ${items.length} candidate(s)`);
        for (const item of items) {
            await context.clients.platformHttp.delete(`/artifactory/${item.repo}/${item.path}/${item.name}`);
            deleted += 1;
            freed += item.size ?? 0;
        }
    }
    console.log(`Deleted ${deleted} artifact(s), freed ${freed} bytes`);
    return { message: `deleted ${deleted}, freed ${freed} bytes` };
};
""",
    "GENERIC_EVENT": """import { PlatformContext } from 'jfrog-workers';

interface ReleaseEvent {
    ref?: string;
    repository?: string;
    pusher?: string;
    artifacts?: string[];
}

export default async (context: PlatformContext, data: ReleaseEvent) => {
    if (!data?.ref?.startsWith('refs/tags/')) {
        console.warn(`Ignoring ${data?.ref ?? 'an event without ref'}`);
        return { status: 2, message: 'not a tag' };
    }
    const version = data.ref.substring('refs/tags/'.length);
    console.log(`Promoting ${data.repository} ${version} for ${data.pusher}`);
    const res = await context.clients.platformHttp.post(
        `/artifactory/api/build/promote/${encodeURIComponent(data.repository ?? 'app')}/${version}`,
        { status: 'released', targetRepo: 'libs-release-local', copy: true, failFast: true },
        { timeout: 3000 });
    if (res.status !== 200) {
        console.error(`Promotion answered ${res.status}: ${JSON.stringify(res.data)}`);
        return { status: 2, message: `promotion failed (${res.status})` };
    }
    await context.clients.axios.post(context.secrets.get('CHAT_WEBHOOK'),
        { text: `Released ${data.repository} ${version}` }, { timeout: 1000 });
    return { status: 4, message: `released ${version}`, artifacts: data.artifacts?.length ?? 0 };
};
""",
}


def worker_source(key, action, description, secret_keys):
    body = TS_BODIES.get(action, TS_BODIES["GENERIC_EVENT"])
    header = TS_HEADER % {
        "key": key,
        "description": description,
        "secrets": ", ".join(secret_keys) if secret_keys else "none",
    }
    return header + "\n" + body


# ---------------------------------------------------------------------------
# Generated runs: payloads, results, logs
# ---------------------------------------------------------------------------

REPOS = {
    "libs-release-local": ["org/acme/app/{v}/app-{v}.jar", "org/acme/core/{v}/core-{v}.pom",
                           "com/example/util/{v}/util-{v}-sources.jar"],
    "libs-snapshot-local": ["org/acme/app/{v}-SNAPSHOT/app-{v}-20260110.101500-3.jar"],
    "npm-remote": ["lodash/-/lodash-4.17.{p}.tgz", "@types/node/-/node-22.10.{p}.tgz",
                   "left-pad/-/left-pad-1.3.0.tgz"],
    "docker-local": ["acme/api/{v}/manifest.json", "acme/api/{v}/sha256__3f1c9ab0e47d"],
    "pypi-remote": ["requests/requests-2.32.{p}-py3-none-any.whl"],
    "generic-local": ["reports/nightly-{p}.tar.gz", "installers/acme-setup-{v}.zip"],
}
USERS = ["jdoe", "asmith", "ci-bot", "release-bot", "mwong", "admin"]
AGENTS = ["Apache-Maven/3.9.6 (Java 21.0.2; Linux 6.1.0)", "npm/10.8.2 node/v22.11.0 linux x64",
          "docker/27.3.1 go/go1.22.7", "pip/24.3.1", "JFrog CLI/2.71.0", "curl/8.11.0"]
SERVLET = "https://acme.jfrog.io/artifactory"


def gen_repo_path(rng):
    key = rng.choice(sorted(REPOS))
    path = rng.choice(REPOS[key]).format(v="%d.%d.%d" % (rng.randint(1, 4), rng.randint(0, 12), rng.randint(0, 30)),
                                         p=rng.randint(0, 40))
    return {"key": key, "path": path, "id": "%s:%s" % (key, path), "isRoot": False, "isFolder": False}


def gen_user_context(rng, user):
    return {"id": "jfrt@01hx3kqz7m1n9a0b2c4d6e8f0g/users/%s" % user,
            "isToken": user.endswith("-bot"), "realm": "internal"}


def gen_payload(action, rng, user, started_ms):
    """The event data a worker of this action receives (API shape)."""
    rp = gen_repo_path(rng)
    name = rp["path"].rsplit("/", 1)[-1]
    size = rng.randint(800, 250 * MIB)
    uctx = gen_user_context(rng, user)
    if action in ("BEFORE_DOWNLOAD", "AFTER_DOWNLOAD"):
        meta = {
            "repoPath": rp, "originalRepoPath": rp, "name": name, "headOnly": False,
            "checksum": False, "recursive": False, "modificationTime": 0,
            "directoryRequest": False, "metadata": False, "lastModified": 0,
            "ifModifiedSince": 0, "servletContextUrl": SERVLET,
            "uri": "/artifactory/%s/%s" % (rp["key"], rp["path"]),
            "clientAddress": "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
            "zipResourcePath": "", "zipResourceRequest": False,
            "replaceHeadRequestWithGet": False, "repoType": "REPO_TYPE_LOCAL",
        }
        data = {"metadata": meta, "headers": {"User-Agent": {"value": [rng.choice(AGENTS)]}},
                "userContext": uctx, "repoPath": rp}
        if action == "AFTER_DOWNLOAD":
            data["response"] = {"contentLength": size, "status": 200}
        return data
    if action in ("AFTER_CREATE", "BEFORE_UPLOAD"):
        meta = {
            "repoPath": rp, "contentLength": size, "depth": rp["path"].count("/") + 1,
            "lastModified": started_ms - rng.randint(0, 5000), "trustServerChecksums": False,
            "servletContextUrl": SERVLET, "skipJarIndexing": False, "disableRedirect": False,
            "repoType": "REPO_TYPE_LOCAL",
        }
        props = {}
        if rng.random() < 0.7:
            props = {"build.name": {"value": ["acme-app"]},
                     "build.number": {"value": [str(rng.randint(100, 999))]},
                     "vcs.revision": {"value": ["%040x" % rng.getrandbits(160)]}}
        data = {"metadata": meta, "userContext": uctx, "artifactProperties": props}
        if action == "BEFORE_UPLOAD":
            data["headers"] = {"User-Agent": {"value": [rng.choice(AGENTS)]},
                               "X-Checksum-Sha1": {"value": ["%040x" % rng.getrandbits(160)]}}
        return data
    if action == "SCHEDULED_EVENT":
        return {"triggerID": "nightly-cleanup-cron"}
    # GENERIC_EVENT: the HTTP request's JSON body
    version = "v%d.%d.%d" % (rng.randint(1, 3), rng.randint(0, 20), rng.randint(0, 9))
    return {
        "ref": "refs/tags/%s" % version if rng.random() < 0.85 else "refs/heads/main",
        "repository": rng.choice(["acme/app", "acme/api", "acme/cli"]),
        "pusher": user,
        "artifacts": ["%s/%s" % (rp["key"], rp["path"]) for _ in range(rng.randint(0, 3))],
        "pipeline": {"name": "release", "run": rng.randint(1000, 9999),
                     "url": "https://ci.acme.example/runs/%d" % rng.randint(10000, 99999)},
    }


def gen_result(action, rng, ok, payload):
    """What a worker returned (executionResult.result / rerun result.data)."""
    if not ok:
        return None
    if action == "BEFORE_DOWNLOAD":
        if rng.random() < 0.15:
            return {"status": 2, "message": "License not allowed: GPL-3.0-only", "headers": {}}
        return {"status": 1, "message": "License check passed", "headers": {}}
    if action == "BEFORE_UPLOAD":
        if rng.random() < 0.1:
            size = rng.randint(104857601, 400 * MIB)
            return {"status": 2, "message": "Artifact too large: %d bytes, limit 104857600" % size}
        return {"status": 1, "message": "ok"}
    if action == "AFTER_CREATE":
        path = payload.get("metadata", {}).get("repoPath", {}).get("path", "") if isinstance(payload, dict) else ""
        return {"message": "scan queued for %s" % path}
    if action == "AFTER_DOWNLOAD":
        return {"message": "audited"}
    if action == "SCHEDULED_EVENT":
        n = rng.randint(0, 180)
        return {"status": 4, "message": "deleted %d, freed %d bytes" % (n, n * rng.randint(10000, 9000000))}
    ref = payload.get("ref", "") if isinstance(payload, dict) else ""
    if not ref.startswith("refs/tags/"):
        return {"status": 2, "message": "not a tag"}
    return {"status": 4, "message": "released %s" % ref[len("refs/tags/"):],
            "artifacts": len(payload.get("artifacts", []))}


LOG_LINES = {
    "BEFORE_DOWNLOAD": ["[info ] - Checking {path}", "[debug] - GET /artifactory/api/storage/{key}/{path}?properties=license -> 200 in {ms} ms",
                        "[info ] - License(s): {lic}", "[info ] - License check passed"],
    "AFTER_DOWNLOAD": ["[info ] - audit: {{\"user\":\"{user}\",\"repo\":\"{key}\",\"path\":\"{path}\"}}",
                       "[info ] - audit sink answered 202"],
    "AFTER_CREATE": ["[info ] - New artifact {key}/{path} ({size} bytes)", "[debug] - PUT properties scan.requested=true -> 204",
                     "[info ] - Scan queued: {{\"info\":\"Scan of artifact is in progress\"}}"],
    "BEFORE_UPLOAD": ["[info ] - Upload of {path} to {key}: {size} bytes (limit 104857600)", "[debug] - build.name=acme-app"],
    "SCHEDULED_EVENT": ["[info ] - Cleanup started by trigger nightly-cleanup-cron",
                        "[info ] - libs-snapshot-local: {n} candidate(s)", "[info ] - docker-local: {n2} candidate(s)",
                        "[info ] - Deleted {n} artifact(s), freed {size} bytes"],
    "GENERIC_EVENT": ["[info ] - Promoting acme/app {ver} for {user}", "[debug] - POST /artifactory/api/build/promote/acme-app/{ver} -> 200 in {ms} ms",
                      "[info ] - Chat notified"],
}
FILLER_LINES = [
    "[debug] - platformHttp GET /artifactory/api/repositories/{key} -> 200 in {ms} ms",
    "[debug] - cache miss for {key}/{path}, fetching",
    "[info ] - processed {n} item(s) so far, {ms} ms elapsed",
    "[debug] - retry budget left: {r}/3",
    "[warn ] - slow response from upstream ({ms} ms), continuing",
    "[debug] - properties: {{\"build.name\":[\"acme-app\"],\"build.number\":[\"{n}\"]}}",
    "[info ] - checksum sha256={sha}",
    "[debug] - token refreshed, expires in {n}s",
]
FAIL_LINES = {
    "memory": ["[warn ] - heap at {mb} MiB", "[error] - Worker used too much memory"],
    "cpu": ["[warn ] - still processing after {ms} ms of CPU", "[error] - Worker used too much cpu time"],
    "timeout": ["[warn ] - upstream did not answer in {ms} ms", "[error] - Worker execution timeout"],
    "queue": [],
    "killed": ["[info ] - processing batch {n}", "[error] - The worker has been killed unexpectedly"],
    "script": ["[error] - TypeError: Cannot read properties of undefined (reading 'path')",
               "[error] -     at default (worker.ts:14:38)", "[error] -     at async Runtime.run (runtime.js:221:17)"],
}


def gen_logs(action, rng, failure, payload, user, lines_min, lines_max, size=None):
    """Multi-line logs like "[info ] - message". With size, filler lines are
    added until the logs are about size characters long."""
    rp = {}
    if isinstance(payload, dict):
        rp = payload.get("metadata", {}).get("repoPath", {}) if isinstance(payload.get("metadata"), dict) else {}
    vals = {
        "path": rp.get("path", "org/acme/app/1.0.0/app-1.0.0.jar"), "key": rp.get("key", "libs-release-local"),
        "user": user, "size": rng.randint(1000, 90000000),
        "lic": rng.choice(["Apache-2.0", "MIT", "BSD-3-Clause", "Apache-2.0, MIT"]),
        "n": rng.randint(0, 200), "n2": rng.randint(0, 50), "ms": rng.randint(3, 900), "r": rng.randint(0, 3),
        "ver": "v%d.%d.%d" % (rng.randint(1, 3), rng.randint(0, 20), rng.randint(0, 9)),
        "sha": "%064x" % rng.getrandbits(256), "mb": rng.randint(100, 119),
    }
    if failure == "queue":
        return ""
    base = LOG_LINES.get(action, LOG_LINES["GENERIC_EVENT"])
    lines = [base[0].format(**vals)]
    want = rng.randint(lines_min, lines_max)
    tail = FAIL_LINES[failure] if failure else base[1:]
    tail_len = sum(len(line) + 40 for line in tail)
    length = len(lines[0])
    while (len(lines) < want - len(base) + 1) if size is None else (length + tail_len < size):
        vals["ms"] = rng.randint(3, 900)
        vals["n"] = rng.randint(0, 200)
        vals["r"] = rng.randint(0, 3)
        vals["sha"] = "%064x" % rng.getrandbits(256)
        lines.append(rng.choice(FILLER_LINES).format(**vals))
        length += len(lines[-1]) + 1
    lines.extend(line.format(**vals) for line in tail)
    return "\n".join(lines)


def gen_metrics(rng, failure, near_limit=False):
    if failure == "queue":
        return {"cpuTimeMillis": 0, "topMemoryUsageBytes": 0, "executionDurationMillis": 0}
    cpu = rng.randint(4, 420)
    mem = rng.randint(18 * MIB, 92 * MIB)
    dur = rng.randint(15, 2400)
    if near_limit:
        cpu = rng.randint(880, 995)
        mem = rng.randint(108 * MIB, 119 * MIB)
        dur = rng.randint(5200, 5950)
    if failure == "memory":
        mem = rng.randint(125829121, 142 * MIB)
    elif failure == "cpu":
        cpu = rng.randint(1001, 1160)
        dur = max(dur, cpu + rng.randint(10, 400))
    elif failure == "timeout":
        dur = rng.randint(6001, 6090)
    elif failure == "killed":
        mem = rng.randint(60 * MIB, 118 * MIB)
    return {"cpuTimeMillis": cpu, "topMemoryUsageBytes": mem, "executionDurationMillis": dur}


def make_entry(worker, rng, start_ms, failure, user, version, entry_id, test_run=False,
               near_limit=False, type_spelling=None, lines=(4, 14), status=None):
    """One history entry in API shape. failure: None (success) or a key of
    FAIL_LINES."""
    action = worker.get("action", "GENERIC_EVENT")
    payload = gen_payload(action, rng, user, start_ms)
    metrics = gen_metrics(rng, failure, near_limit)
    logs = gen_logs(action, rng, failure, payload, user, lines[0], lines[1])
    result = gen_result(action, rng, failure is None, payload)
    if failure in LIMIT_MESSAGES and rng.random() < 0.5:
        result = {"error": LIMIT_MESSAGES[failure]}
    elif failure == "queue":
        result = {"error": LIMIT_MESSAGES["queue"]}
    elif failure == "script":
        result = {"error": "TypeError: Cannot read properties of undefined (reading 'path')"}
    queued = rng.randint(2, 40) if failure != "queue" else 30000
    entry = {
        "historyEntryId": entry_id,
        "workerKey": worker["key"],
        "workerType": type_spelling or action,
        "workerProjectKey": worker.get("projectKey", ""),
        "executionStatus": status or ("STATUS_FAIL" if failure else "STATUS_SUCCESS"),
        "executionPayload": payload,
        "executionResult": {"result": result, "logs": logs, "workerStats": metrics},
        "startTimeMillis": start_ms,
        "endTimeMillis": start_ms + queued + metrics["executionDurationMillis"],
        "triggeredBy": user,
        "testRun": test_run,
        "executedVersion": version,
        "traceId": "%032x" % rng.getrandbits(128),
    }
    if entry_id is None:
        del entry["historyEntryId"]
    return entry


# ---------------------------------------------------------------------------
# The demo dataset
# ---------------------------------------------------------------------------

DEMO_WORKERS = [
    # key, action, history spelling, description, enabled, debug, project, runs, failure rate
    ("license-gate", "BEFORE_DOWNLOAD", "beforeDownload",
     "Blocks downloads of artifacts whose license is not on the allow list", True, False, "", 40, 0.12),
    ("scan-on-upload", "AFTER_CREATE", "AFTER_CREATE",
     "Tags new artifacts and queues an Xray scan", True, True, "", 34, 0.18),
    ("nightly-cleanup", "SCHEDULED_EVENT", "SCHEDULED_EVENT",
     "Deletes never-downloaded snapshots older than 14 days, every 2 hours", True, False, "", 36, 0.2),
    ("release-webhook", "GENERIC_EVENT", "GENERIC_EVENT",
     "HTTP-triggered: promotes a tagged build and tells the team chat", True, False, "proj1", 16, 0.2),
    ("size-guard", "BEFORE_UPLOAD", "BEFORE_UPLOAD",
     "Refuses uploads over the per-repository size limit", True, False, "", 20, 0.1),
    ("download-audit", "AFTER_DOWNLOAD", "AFTER_DOWNLOAD",
     "Sends every download to the audit service (disabled: replaced by the platform's own audit log)",
     False, False, "", 6, 0.2),
]
DEMO_SECRETS = {
    "BEFORE_DOWNLOAD": ["LICENSE_API_TOKEN"],
    "AFTER_DOWNLOAD": ["AUDIT_URL", "AUDIT_TOKEN"],
    "GENERIC_EVENT": ["CHAT_WEBHOOK"],
}
DEMO_FILTERS = {
    "BEFORE_DOWNLOAD": {"artifactFilterCriteria": {"repoKeys": ["libs-release-local", "npm-remote", "pypi-remote"],
                                                   "includePatterns": ["**"], "excludePatterns": ["**/*.pom"]}},
    "AFTER_DOWNLOAD": {"artifactFilterCriteria": {"repoKeys": ["libs-release-local"]}},
    "AFTER_CREATE": {"artifactFilterCriteria": {"repoKeys": ["libs-release-local", "docker-local", "generic-local"],
                                                "includePatterns": ["**/*.jar", "**/*.tgz", "**/*.zip", "**/manifest.json"]}},
    "BEFORE_UPLOAD": {"artifactFilterCriteria": {"repoKeys": ["libs-release-local", "docker-local", "generic-local"]}},
    "SCHEDULED_EVENT": {"schedule": {"cron": "0 */2 * * *", "timezone": "UTC"}},
    "GENERIC_EVENT": {},
}


def build_workers(rng, now_ms, specs):
    workers = []
    for key, action, _spelling, desc, enabled, debug, project, _n, _f in specs:
        secrets = DEMO_SECRETS.get(action, [])
        modified = now_ms - rng.randint(20, 60) * 3600 * 1000
        workers.append({
            "key": key,
            "description": desc,
            "enabled": enabled,
            "debug": debug,
            "sourceCode": worker_source(key, action, desc, secrets),
            "action": action,
            "filterCriteria": copy.deepcopy(DEMO_FILTERS.get(action, {})),
            "secrets": [{"key": s, "value": "SIMSECRET-%s-%08x" % (s.lower(), rng.getrandbits(32))} for s in secrets],
            "shared": project == "" and action == "GENERIC_EVENT",
            "projectKey": project,
            "application": "worker-service",
            "currentVersion": {"modifiedAt": modified, "modifiedBy": rng.choice(["admin", "asmith"])},
        })
    return workers


def build_demo(now_ms):
    """The built-in dataset: deterministic content, times relative to now."""
    rng = random.Random(DEMO_SEED)
    workers = build_workers(rng, now_ms, DEMO_WORKERS)
    window = 3 * 24 * 3600 * 1000
    entries = []
    for spec, worker in zip(DEMO_WORKERS, workers):
        key, action, spelling, _d, enabled, _debug, _p, count, fail_rate = spec
        cur = worker["currentVersion"]
        version_new = "%d-%s" % (cur["modifiedAt"], cur["modifiedBy"])
        version_old = "%d-admin" % (cur["modifiedAt"] - rng.randint(3, 9) * 24 * 3600 * 1000)
        if action == "SCHEDULED_EVENT":
            last = now_ms - now_ms % (2 * 3600 * 1000)
            if last > now_ms - 60 * 1000:  # every run lies in the past
                last -= 2 * 3600 * 1000
            starts = [last - i * 2 * 3600 * 1000 + rng.randint(0, 900) for i in range(count)]
        elif not enabled:
            starts = [now_ms - window + rng.randint(0, 12 * 3600 * 1000) for _ in range(count)]
        else:
            starts = [now_ms - rng.randint(60 * 1000, window) for _ in range(count)]
        starts.sort()
        for i, start in enumerate(starts):
            failure = None
            if rng.random() < fail_rate:
                failure = rng.choice(["memory", "cpu", "timeout", "queue", "killed", "script"])
            if action == "SCHEDULED_EVENT" or action.startswith("AFTER_") or action.startswith("BEFORE_"):
                user = "artifactory" if action != "SCHEDULED_EVENT" else "scheduler"
            else:
                user = rng.choice(USERS)
            test_run = False
            if rng.random() < 0.04 and enabled:
                test_run, user = True, rng.choice(["admin", "asmith"])
            version = version_new if start >= cur["modifiedAt"] else version_old
            entries.append(make_entry(worker, rng, start, failure, user, version, rng_uuid(rng),
                                      test_run=test_run, near_limit=(failure is None and rng.random() < 0.08),
                                      type_spelling=spelling))
    # The odd ones a real history has.
    by_worker = collections.defaultdict(list)
    for e in entries:
        by_worker[e["workerKey"]].append(e)
    for e in by_worker["download-audit"][:2]:  # from an older server
        del e["historyEntryId"]
    timeout_run = by_worker["nightly-cleanup"][len(by_worker["nightly-cleanup"]) // 2]
    timeout_run["executionStatus"] = "STATUS_TIMEOUT"
    if not any(e["testRun"] for e in entries):
        by_worker["license-gate"][-3]["testRun"] = True
    # Storage order: by end of run (when the platform writes the entry),
    # with a few neighbours swapped: oldest first, not sorted.
    entries.sort(key=lambda e: e["endTimeMillis"])
    for _ in range(6):
        i = rng.randrange(len(entries) - 1)
        entries[i], entries[i + 1] = entries[i + 1], entries[i]
    return {"user": "admin", "limits": dict(DEFAULT_LIMITS), "workers": workers,
            "history": entries, "reruns": {}, "historyShape": "array", "projectHistoryScoped": True}


# ---------------------------------------------------------------------------
# Synthetic bulk runs (--runs N, and the huge:BYTES history fault)
# ---------------------------------------------------------------------------

class BulkRuns:
    """Makes many realistic entries fast: a pool of fully generated entries,
    each about 2.8 KB of JSON (logs fill what the payload leaves), reused
    with a unique ID, time and first log line."""

    POOL = 64
    ENTRY_BYTES = (2500, 3100)

    def __init__(self, worker, seed=RUNS_SEED):
        rng = random.Random(seed)
        self.pool = []
        action = worker.get("action") if isinstance(worker.get("action"), str) else "GENERIC_EVENT"
        w = {"key": worker.get("key"), "action": action, "projectKey": worker.get("projectKey", "")}
        if not isinstance(w["projectKey"], str):
            w["projectKey"] = ""
        for _ in range(self.POOL):
            failure = None
            if rng.random() < 0.15:
                failure = rng.choice(["memory", "cpu", "timeout", "queue", "killed", "script"])
            user = "artifactory" if action != "GENERIC_EVENT" else rng.choice(USERS)
            e = make_entry(w, rng, 1767225600000, failure, user, "1767225600000-admin", seq_id("0b0b0000", 1),
                           near_limit=(failure is None and rng.random() < 0.05))
            payload = e["executionPayload"]
            meta = payload.get("metadata") if isinstance(payload, dict) else None
            if isinstance(meta, dict) and "originalRepoPath" in meta:
                # Download events are large: keep their essentials so that
                # the logs stay the bulk of each entry.
                keep = ("repoPath", "name", "uri", "clientAddress", "repoType")
                e["executionPayload"] = {"metadata": {k: meta[k] for k in keep if k in meta},
                                         "userContext": payload.get("userContext")}
            res = e["executionResult"]
            if failure != "queue":
                res["logs"] = ""
                rest = len(to_json_bytes(e)) + 40  # + the "run N" line
                want = max(900, rng.randint(*self.ENTRY_BYTES) - rest)
                res["logs"] = gen_logs(action, rng, failure, e["executionPayload"], user, 0, 0, size=want)
            self.pool.append(e)

    def entry(self, n, start_ms, entry_id):
        """The n-th bulk entry (a fresh dict sharing the pool's big parts)."""
        base = self.pool[n % self.POOL]
        e = dict(base)
        res = dict(base["executionResult"])
        logs = res["logs"]
        res["logs"] = ("[info ] - run %d of the bulk set\n" % n) + logs if logs else logs
        e["executionResult"] = res
        e["historyEntryId"] = entry_id
        e["startTimeMillis"] = start_ms
        e["endTimeMillis"] = start_ms + 20 + base["executionResult"]["workerStats"]["executionDurationMillis"]
        e["testRun"] = (n % 97 == 0)
        e["traceId"] = "%032x" % ((n * 0x9E3779B97F4A7C15F39CC0605CEDC835) & ((1 << 128) - 1))
        return e


def bulk_history(worker, count, end_ms):
    """count entries ending before end_ms, oldest first, a few swapped."""
    maker = BulkRuns(worker)
    rng = random.Random(RUNS_SEED + 1)
    step = max(1000, min(10 * 60 * 1000, (30 * 24 * 3600 * 1000) // max(count, 1)))
    starts = []
    t = end_ms - 60 * 1000
    for _ in range(count):
        starts.append(t)
        t -= rng.randint(step // 2, step * 3 // 2)
    starts.reverse()
    out = [maker.entry(i + 1, s, seq_id("0b0b0000", i + 1)) for i, s in enumerate(starts)]
    for i in range(5, len(out) - 1, 211):
        out[i], out[i + 1] = out[i + 1], out[i]
    return out


# ---------------------------------------------------------------------------
# Huge bodies, streamed
# ---------------------------------------------------------------------------

PAD_UNIT = b"[info ] - padding line of a huge response, nothing to see here, moving on\\n"


def pad_chunks(n):
    """n bytes of JSON string content (no cut escape sequences)."""
    block = PAD_UNIT * (CHUNK // len(PAD_UNIT))
    while n >= len(block):
        yield block
        n -= len(block)
    units, rest = divmod(n, len(PAD_UNIT))
    yield PAD_UNIT * units + b"x" * rest


def huge_string_body(total, prefix, suffix):
    fixed = len(prefix) + len(suffix)
    if total < fixed:
        total = fixed
    yield prefix
    yield from pad_chunks(total - fixed)
    yield suffix


def huge_history_body(total, worker):
    """A JSON array of generated entries, exactly total bytes long."""
    maker = BulkRuns(worker, seed=RUNS_SEED + 7)
    placeholder = "ffffffff-ffff-4fff-bfff-ffffffffffff"
    templates = [to_json_bytes(maker.entry(i, 1767225600000 + i * 60000, placeholder)) for i in range(maker.POOL)]
    tail_prefix = to_json_bytes({"historyEntryId": placeholder, "workerKey": worker.get("key"),
                                 "executionStatus": "STATUS_SUCCESS",
                                 "executionResult": {"logs": ""}})[:-3]  # cut '"}}'
    tail_suffix = b'"}}'
    written = 1
    yield b"["
    n = 0
    batch = []
    while True:
        t = templates[n % len(templates)].replace(placeholder.encode(), seq_id("dddd0000", n + 1).encode())
        sep = 1 if n else 0
        if written + sep + len(t) + 1 + len(tail_prefix) + len(tail_suffix) + 1 > total:
            break
        if sep:
            batch.append(b",")
        batch.append(t)
        written += sep + len(t)
        n += 1
        if len(batch) > 64:
            yield b"".join(batch)
            batch = []
    if batch:
        yield b"".join(batch)
    remaining = total - written - 1  # the closing ']'
    sep = b"," if n else b""
    tail_prefix = tail_prefix.replace(placeholder.encode(), seq_id("dddd0000", n + 1).encode())
    need = len(sep) + len(tail_prefix) + len(tail_suffix)
    if remaining >= need:
        yield sep + tail_prefix
        yield from pad_chunks(remaining - need)
        yield tail_suffix
    elif remaining > 0:
        yield b" " * remaining  # whitespace is valid between JSON tokens
    yield b"]"


# ---------------------------------------------------------------------------
# The dataset and the API's behaviour
# ---------------------------------------------------------------------------

class ApiError(Exception):
    def __init__(self, status, message):
        Exception.__init__(self, message)
        self.status = status
        self.message = message


class Reply:
    """One answer: status, headers, and a body given as bytes or as chunks
    with a known total length."""

    def __init__(self, status, body=b"", ctype="application/json", chunks=None, length=None, headers=None):
        self.status = status
        self.body = body
        self.ctype = ctype
        self.chunks = chunks
        self.length = len(body) if chunks is None else length
        self.headers = headers or []

    def iter_body(self):
        if self.chunks is not None:
            return self.chunks
        view = memoryview(self.body)
        return (view[i:i + CHUNK] for i in range(0, len(view), CHUNK))


def error_reply(status, message):
    return Reply(status, envelope(status, message))


def json_reply(obj, status=200):
    return Reply(status, to_json_bytes(obj))


class Dataset:
    """Workers, the history (in storage order) and the rules of the API.
    Thread-safe: one lock guards the history and the body cache."""

    def __init__(self, data, clock):
        self.clock = clock
        self.lock = threading.Lock()
        self.user = data.get("user") if isinstance(data.get("user"), str) else "admin"
        self.limits = dict(DEFAULT_LIMITS)
        if isinstance(data.get("limits"), dict):
            self.limits.update(data["limits"])
        self.workers = data.get("workers") if isinstance(data.get("workers"), list) else []
        self.reruns = data.get("reruns") if isinstance(data.get("reruns"), dict) else {}
        self.shape = data.get("historyShape", "array")
        # A listing of every worker leaves out the runs of project workers.
        self.project_scoped = data.get("projectHistoryScoped") is True
        # Each element: [value, serialized bytes or None]
        self.history = [[e, None] for e in (data.get("history") if isinstance(data.get("history"), list) else [])]
        self.version = 0
        self.cache = collections.OrderedDict()
        self.rerun_count = 0
        self.execute_count = 0

    # -- lookups -----------------------------------------------------------
    def find_worker(self, key):
        for w in self.workers:
            if isinstance(w, dict) and w.get("key") == key:
                return w
        return None

    @staticmethod
    def worker_project(worker):
        p = worker.get("projectKey")
        return p if isinstance(p, str) else ""

    def entry_project(self, entry):
        p = entry.get("workerProjectKey")
        if isinstance(p, str):
            return p
        w = self.find_worker(entry.get("workerKey"))
        return self.worker_project(w) if w else ""

    def check_project(self, worker, project_key):
        wp = self.worker_project(worker)
        if wp and project_key != wp:
            raise ApiError(403, "Insufficient permissions: worker '%s' belongs to project '%s'" % (worker.get("key"), wp))

    def first_worker(self):
        for w in self.workers:
            if isinstance(w, dict) and isinstance(w.get("key"), str):
                return w
        return {"key": "bulk-worker", "action": "GENERIC_EVENT", "projectKey": ""}

    # -- workers -----------------------------------------------------------
    def list_workers(self, q):
        out = []
        for w in self.workers:
            if isinstance(w, dict):
                if q.get("projectKey") and self.worker_project(w) != q["projectKey"]:
                    continue
                if q.get("action") and w.get("action") != q["action"]:
                    continue
            elif q.get("projectKey") or q.get("action"):
                continue
            out.append(w)
        if parse_bool(q.get("keysOnly", "")):
            return json_reply({"keys": [w.get("key") for w in out if isinstance(w, dict) and "key" in w]})
        return json_reply({"workers": out})

    def get_worker(self, key):
        w = self.find_worker(key)
        if w is None:
            raise ApiError(404, "Worker '%s' not found" % key)
        return json_reply(w)

    # -- history -----------------------------------------------------------
    def _select(self, worker_key, show_test, project_key):
        if worker_key:
            w = self.find_worker(worker_key)
            if w is None:
                raise ApiError(404, "Worker '%s' not found" % worker_key)
            self.check_project(w, project_key)
            keep = lambda e: e.get("workerKey") == worker_key
        elif project_key:
            if not any(isinstance(w, dict) and self.worker_project(w) == project_key for w in self.workers):
                raise ApiError(403, "Insufficient permissions for project '%s'" % project_key)
            keep = lambda e: self.entry_project(e) == project_key
        elif self.project_scoped:
            keep = lambda e: not self.entry_project(e)
        else:
            keep = lambda e: True
        out = []
        for item in self.history:
            e = item[0]
            if isinstance(e, dict):  # other elements appear in every listing
                if not keep(e) or (not show_test and e.get("testRun") is True):
                    continue
            out.append(item)
        return out

    def history_body(self, q, shape):
        """The body of a history answer, built once per query and history
        version, from entries serialized once each."""
        key = (q.get("workerKey", ""), parse_bool(q.get("showTestRun", "")), q.get("projectKey", ""), shape)
        with self.lock:
            hit = self.cache.get(key)
            if hit is not None and hit[0] == self.version:
                self.cache.move_to_end(key)
                return hit[1]
            items = self._select(key[0], key[1], key[2])
            for item in items:
                if item[1] is None:
                    item[1] = to_json_bytes(item[0])
            if shape == "object":
                body = items[0][1] if items else b"[]"
            else:
                body = b"[" + b",".join(item[1] for item in items) + b"]"
            self.cache[key] = (self.version, body)
            while len(self.cache) > 3:
                self.cache.popitem(last=False)
            return body

    def append_entry(self, entry):
        with self.lock:
            self.history.append([entry, None])
            self.version += 1

    # -- rerun -------------------------------------------------------------
    def rerun(self, worker_key, q, body):
        w = self.find_worker(worker_key)
        if w is None:
            raise ApiError(404, "Worker '%s' not found" % worker_key)
        self.check_project(w, q.get("projectKey"))
        if not isinstance(body, dict) or not isinstance(body.get("historyEntryId"), str) or not body["historyEntryId"]:
            raise ApiError(400, "Malformed payload: historyEntryId is required")
        hid = body["historyEntryId"]
        with self.lock:
            original = None
            for item in self.history:
                e = item[0]
                if isinstance(e, dict) and e.get("historyEntryId") == hid and e.get("workerKey") == worker_key:
                    original = e
                    break
            if original is None:
                raise ApiError(404, "History entry '%s' of worker '%s' not found" % (hid, worker_key))
            self.rerun_count += 1
            n = self.rerun_count
        res = original.get("executionResult")
        res = res if isinstance(res, dict) else {}
        stats = res.get("workerStats") if isinstance(res.get("workerStats"), dict) else {}
        status = original.get("executionStatus") if isinstance(original.get("executionStatus"), str) else "STATUS_SUCCESS"
        logs = res.get("logs") if isinstance(res.get("logs"), str) else ""
        data = res.get("result")
        rng = random.Random(int(hashlib.sha256(hid.encode("utf-8", "surrogatepass")).hexdigest()[:16], 16))

        def near(name, limit_name, default):
            """Within 15 % of the original, and over the limit again if the
            original was over it."""
            v = stats.get(name)
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                return default
            x = max(1, int(v * rng.uniform(0.85, 1.15)))
            limit = self.limits.get(limit_name)
            if isinstance(limit, int) and v > limit >= x:
                x = limit + 1 + (v - limit) // 2
            return x
        metrics = {
            "cpuTimeMillis": near("cpuTimeMillis", "maxCpuTimeMillis", rng.randint(5, 300)),
            "topMemoryUsageBytes": near("topMemoryUsageBytes", "maxMemoryUsageBytes", rng.randint(20 * MIB, 80 * MIB)),
            "executionDurationMillis": near("executionDurationMillis", "maxExecutionDurationMillis",
                                            rng.randint(20, 1500)),
        }
        override = self.reruns.get(hid)
        if isinstance(override, dict):
            status = override.get("executionStatus", status)
            logs = override.get("logs", logs)
            data = override.get("data", data)
            if isinstance(override.get("executionMetrics"), dict):
                metrics.update(override["executionMetrics"])
        answer = {
            "executionId": seq_id("e0000000", n),
            "logs": logs,
            "executionMetrics": metrics,
            "executionLimits": dict(self.limits),
            "result": {"data": data, "executionStatus": status},
        }
        record = parse_bool(q.get("forceRecord", "")) or status != "STATUS_SUCCESS" or w.get("debug") is True
        if record:
            now = self.clock.now_ms()
            dur = metrics["executionDurationMillis"] if isinstance(metrics["executionDurationMillis"], int) else 0
            entry = {
                "historyEntryId": seq_id("a0000000", n),
                "workerKey": worker_key,
                "workerType": original.get("workerType", w.get("action")),
                "workerProjectKey": self.worker_project(w),
                "executionStatus": status,
                "executionPayload": original.get("executionPayload"),
                "executionResult": {"result": data, "logs": logs, "workerStats": metrics},
                "startTimeMillis": now,
                "endTimeMillis": now + dur,
                "triggeredBy": self.user,
                "testRun": False,
                "executedVersion": original.get("executedVersion", ""),
            }
            self.append_entry(entry)
        return json_reply(answer)

    # -- execute -----------------------------------------------------------
    def execute(self, worker_key, q, body):
        w = self.find_worker(worker_key)
        if w is None:
            raise ApiError(404, "Worker '%s' not found" % worker_key)
        self.check_project(w, q.get("projectKey"))
        data = {"status": 4, "message": "executed %s" % worker_key, "received": body}
        if w.get("debug") is True:
            with self.lock:
                self.execute_count += 1
                n = self.execute_count
            now = self.clock.now_ms()
            cur = w.get("currentVersion") if isinstance(w.get("currentVersion"), dict) else {}
            self.append_entry({
                "historyEntryId": seq_id("a1000000", n),
                "workerKey": worker_key,
                "workerType": w.get("action", "GENERIC_EVENT"),
                "workerProjectKey": self.worker_project(w),
                "executionStatus": "STATUS_SUCCESS",
                "executionPayload": body,
                "executionResult": {"result": data, "logs": "[info ] - executed over HTTP",
                                    "workerStats": {"cpuTimeMillis": 12, "topMemoryUsageBytes": 31457280,
                                                    "executionDurationMillis": 40}},
                "startTimeMillis": now,
                "endTimeMillis": now + 40,
                "triggeredBy": self.user,
                "testRun": False,
                "executedVersion": "%s-%s" % (cur.get("modifiedAt", 0), cur.get("modifiedBy", "admin")),
            })
        return json_reply({"data": data, "executionStatus": "STATUS_SUCCESS"})


# ---------------------------------------------------------------------------
# Faults
# ---------------------------------------------------------------------------

KINDS = ("status", "ratelimit", "html", "empty", "delay", "slow", "hang", "reset", "truncated", "malformed", "huge", "object",
         "bigheader", "manyheaders", "gzipbomb")
DEFAULT_MESSAGES = {
    401: "Bad credentials",
    403: "Insufficient permissions",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class Fault:
    def __init__(self, spec):
        self.spec = spec
        if "=" not in spec:
            raise ValueError("fault %r: expected ENDPOINT=KIND[:ARG[:ARG2]][%%EVERY][@COUNT]" % spec)
        endpoint, rest = spec.split("=", 1)
        if endpoint not in ENDPOINTS + ("any",):
            raise ValueError("fault %r: endpoint must be one of %s or any" % (spec, ", ".join(ENDPOINTS)))
        self.endpoint = endpoint
        self.remaining = None  # applications left; None: no limit
        self.every = 1         # applies to every N-th matching request
        self.seen = 0          # matching requests so far
        # The suffixes %EVERY and @COUNT, each at most once, in either order.
        given = set()
        while True:
            m = re.search(r"([@%])(\d+)$", rest)
            if not m or m.group(1) in given:
                break
            mark, n = m.group(1), int(m.group(2))
            if n < 1:
                raise ValueError("fault %r: %s must be at least 1" % (spec, "@COUNT" if mark == "@" else "%EVERY"))
            if mark == "@":
                self.remaining = n
            else:
                self.every = n
            given.add(mark)
            rest = rest[:m.start()]
        # The last argument (a message) may contain ':'.
        parts = rest.split(":", 3 if rest.startswith("ratelimit:") else 2)
        self.kind = parts[0]
        self.args = parts[1:]
        if self.kind not in KINDS:
            raise ValueError("fault %r: unknown kind %r (one of %s)" % (spec, self.kind, ", ".join(KINDS)))
        self.retry_after = None
        if self.kind == "ratelimit":
            if not self.args or not self.args[0].isdigit():
                raise ValueError("fault %r: ratelimit needs SECONDS (a whole number)" % spec)
            self.retry_after = self.args[0]
            # ratelimit:SECONDS[:CODE[:MESSAGE]] answers like status:CODE[:MESSAGE]
            self.args = self.args[1:] or ["429"]
        if self.kind in ("status", "ratelimit", "html", "empty"):
            if not self.args or not self.args[0].isdigit() or not 100 <= int(self.args[0]) <= 599:
                raise ValueError("fault %r: needs a status code 100-599" % spec)
            if self.kind not in ("status", "ratelimit") and len(self.args) > 1:
                raise ValueError("fault %r: too many arguments" % spec)
            self.code = int(self.args[0])
        elif self.kind in ("delay", "slow"):
            try:
                self.seconds = float(self.args[0]) if len(self.args) == 1 else -1
            except ValueError:
                self.seconds = -1
            if not 0 <= self.seconds <= 3600:
                raise ValueError("fault %r: needs SECONDS (0-3600)" % spec)
        elif self.kind == "huge":
            if len(self.args) != 1 or not self.args[0].isdigit() or int(self.args[0]) < 1024:
                raise ValueError("fault %r: needs BYTES (at least 1024)" % spec)
            self.size = int(self.args[0])
        elif self.kind in ("bigheader", "manyheaders", "gzipbomb"):
            least = 16 if self.kind == "gzipbomb" else 1
            what = "N" if self.kind == "manyheaders" else "BYTES"
            if len(self.args) != 1 or not self.args[0].isdigit() or int(self.args[0]) < least:
                raise ValueError("fault %r: needs %s (at least %d)" % (spec, what, least))
            self.size = int(self.args[0])
        elif self.args:
            raise ValueError("fault %r: %s takes no argument" % (spec, self.kind))

    def message(self, endpoint):
        if len(self.args) > 1:
            return self.args[1]
        if self.code == 400:
            limit = endpoint == "rerun" or self.kind == "ratelimit"
            return "Call limit exceeded" if limit else "Malformed payload"
        if self.code in DEFAULT_MESSAGES:
            return DEFAULT_MESSAGES[self.code]
        try:
            return HTTPStatus(self.code).phrase
        except ValueError:
            return "Error"

    def describe(self):
        return {"spec": self.spec, "endpoint": self.endpoint, "kind": self.kind, "remaining": self.remaining,
                "every": self.every}


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.items = []

    def add(self, fault):
        with self.lock:
            self.items.append(fault)

    def clear(self):
        with self.lock:
            self.items = []

    def take(self, endpoint):
        """The first fault that matches endpoint and applies to this request
        (with %EVERY: only every N-th match), counted as used."""
        with self.lock:
            for f in self.items:
                if f.endpoint == "any" or f.endpoint == endpoint:
                    f.seen += 1
                    if f.seen % f.every:
                        continue
                    if f.remaining is not None:
                        f.remaining -= 1
                        if f.remaining <= 0:
                            self.items.remove(f)
                    return f
        return None

    def describe(self):
        with self.lock:
            return [f.describe() for f in self.items]


def gzip_bomb(endpoint, size):
    """A 200 reply whose gzip body inflates to exactly size bytes of empty
    objects (the shape of the endpoint), compressed as it is generated."""
    if endpoint == "history":
        pre, suf = b"[", b"]"
    elif endpoint == "workers":
        pre, suf = b'{"workers":[', b"]}"
    else:
        pre, suf = b'{"result":[', b"]}"
    room = size - len(pre) - len(suf)
    n = max(0, (room + 1) // 3)  # "{}" then ",{}" each
    while n and 3 * n - 1 > room:
        n -= 1
    pad = room - (3 * n - 1 if n else 0)
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: a gzip wrapper
    parts = [z.compress(pre)]
    if n:
        parts.append(z.compress(b"{}"))
        left = n - 1
        unit = b",{}" * 65536
        while left:
            k = min(left, 65536)
            parts.append(z.compress(unit if k == 65536 else b",{}" * k))
            left -= k
    parts.append(z.compress(b" " * max(0, pad)))
    parts.append(z.compress(suf))
    parts.append(z.flush())
    return Reply(200, b"".join(parts), headers=[("Content-Encoding", "gzip")])


def html_page(code):
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Error"
    title = "%d %s" % (code, phrase)
    return ("<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1></center>\r\n"
            "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" % (title, title)).encode()


# ---------------------------------------------------------------------------
# Request log
# ---------------------------------------------------------------------------

class RequestLog:
    def __init__(self, path, token):
        self.lock = threading.Lock()
        self.file = open(path, "a", encoding="utf-8") if path else None
        # the token as sent, JSON-escaped, and percent-encoded (raw paths)
        forms = {token, json.dumps(token)[1:-1], urllib.parse.quote(token, safe="")} if token else set()
        self.secrets = sorted(forms, key=len, reverse=True)

    def write(self, record):
        if self.file is None:
            return
        line = json.dumps(record, ensure_ascii=True)
        for s in self.secrets:
            line = line.replace(s, REDACTED)
        with self.lock:
            self.file.write(line + "\n")
            self.file.flush()

    def close(self):
        with self.lock:
            if self.file:
                self.file.close()
                self.file = None


# ---------------------------------------------------------------------------
# HTTP
# ---------------------------------------------------------------------------

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "wrun-sim/1"
    sys_version = ""
    # The headers and the body go out in two sends: with Nagle's algorithm,
    # a small body on a kept-alive connection waits for the client's
    # delayed ACK (about 40 ms), which a real server does not make it do.
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # no access log on stderr
        pass

    def version_string(self):
        return self.server_version

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = lambda self: self.dispatch()

    # -- reading -----------------------------------------------------------
    def read_body(self):
        te = self.headers.get("Transfer-Encoding", "")
        if "chunked" in te.lower():
            parts = []
            while True:
                line = self.rfile.readline(65537)
                size = int(line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                        pass
                    break
                parts.append(self.rfile.read(size))
                self.rfile.readline(65537)
            return b"".join(parts)
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def auth_state(self):
        value = self.headers.get("Authorization")
        if value is None:
            return "missing"
        scheme, _, cred = value.partition(" ")
        token = self.server.token
        if scheme.lower() == "bearer" and hmac.compare_digest(cred.strip().encode(), token.encode()):
            return "ok"
        return "bad"

    @staticmethod
    def classify(path):
        if path == API + "/workers" or path.startswith(API + "/workers/"):
            return "workers"
        if path == API + "/execution_history":
            return "history"
        if path.startswith(API + "/rerun/"):
            return "rerun"
        if path.startswith(API + "/execute/"):
            return "execute"
        return "other"

    # -- the request -------------------------------------------------------
    def dispatch(self):
        try:
            self._dispatch()
        except (ConnectionError, TimeoutError, ssl.SSLError):
            self.close_connection = True

    def _dispatch(self):
        # The request target as sent: self.path has a leading "//" collapsed,
        # and a client that builds "//worker/..." must see a 404.
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else self.path
        path, _, query = target.partition("?")
        query = query.partition("#")[0]
        path = path.partition("#")[0]
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        q = {}
        qlog = {}
        for name, value in pairs:
            q.setdefault(name, value)
            if name in qlog:
                qlog[name] = (qlog[name] if isinstance(qlog[name], list) else [qlog[name]]) + [value]
            else:
                qlog[name] = value
        try:
            raw = self.read_body()
        except ValueError:  # a bad Content-Length or chunk size
            self.close_connection = True
            self.send(error_reply(400, "Malformed request framing"))
            return
        auth = self.auth_state()
        body = None
        if raw:
            text = raw.decode("utf-8", "replace")
            try:
                body = json.loads(text)
            except ValueError:
                body = text
        srv = self.server

        if path.startswith(CONTROL):
            reply = error_reply(401, "Bad credentials") if auth != "ok" else self.control(path, body)
            self.send(reply)
            return

        endpoint = self.classify(path)
        srv.count(endpoint)
        fault = srv.faults.take(endpoint)
        record = {
            "method": self.command, "path": path, "query": qlog,
            "headers": {h: self.headers.get(h) for h in ("User-Agent", "Content-Type", "Accept")},
            "auth": auth, "body": body, "status": None, "fault": fault.spec if fault else None,
        }

        def answer(reply, **how):
            record["status"] = reply.status
            srv.log.write(record)
            self.send(reply, **how)

        kind = fault.kind if fault else None
        if kind == "status":
            return answer(error_reply(fault.code, fault.message(endpoint)))
        if kind == "ratelimit":
            reply = error_reply(fault.code, fault.message(endpoint))
            reply.headers.append(("Retry-After", fault.retry_after))
            return answer(reply)
        if kind == "html":
            return answer(Reply(fault.code, html_page(fault.code), ctype="text/html"))
        if kind == "empty":
            return answer(Reply(fault.code, b"", ctype=None))
        if kind == "hang":
            srv.log.write(record)
            return self.hang()
        if kind == "reset":
            srv.log.write(record)
            return self.reset()
        if kind == "delay":
            STOP.wait(fault.seconds)
        if kind == "huge":
            return answer(self.huge(endpoint, q, fault.size))
        if kind == "gzipbomb":
            return answer(gzip_bomb(endpoint, fault.size))

        if auth != "ok":
            reply = Reply(401, envelope(401, "Bad credentials"), headers=[("WWW-Authenticate", "Bearer")])
        else:
            reply = self.route(endpoint, path, q, body, object_shape=(kind == "object"))
        if kind == "bigheader":
            reply.headers.append(("X-Padding", "a" * fault.size))
        elif kind == "manyheaders":
            reply.headers.extend(("X-Pad-%d" % i, "x") for i in range(1, fault.size + 1))
        if kind == "slow":
            return answer(reply, pace=fault.seconds)
        if kind == "truncated":
            return answer(reply, truncate=True)
        if kind == "malformed":
            data = reply.body if reply.chunks is None else b'[{"workerKey":"x"'
            bad = data[:max(1, len(data) // 2)] + b"}]]{"
            return answer(Reply(200, bad))
        return answer(reply)

    def route(self, endpoint, path, q, body, object_shape=False):
        ds = self.server.dataset
        method = self.command if self.command != "HEAD" else "GET"
        tail = path[len(API):].split("/")  # ['', 'workers', key...]
        try:
            if endpoint == "workers" and method == "GET":
                if path == API + "/workers":
                    return ds.list_workers(q)
                if len(tail) == 3 and tail[2]:
                    return ds.get_worker(urllib.parse.unquote(tail[2]))
            elif endpoint == "history" and method == "GET":
                shape = "object" if object_shape or ds.shape == "object" else "array"
                return Reply(200, ds.history_body(q, shape))
            elif endpoint == "rerun" and method == "POST" and len(tail) == 3 and tail[2]:
                return ds.rerun(urllib.parse.unquote(tail[2]), q, body)
            elif endpoint == "execute" and method == "POST" and len(tail) == 3 and tail[2]:
                return ds.execute(urllib.parse.unquote(tail[2]), q, body)
        except ApiError as e:
            return error_reply(e.status, e.message)
        return error_reply(404, "Not found: %s %s" % (self.command, path))

    def control(self, path, body):
        srv = self.server
        if path == CONTROL + "fault" and self.command == "POST":
            spec = body.get("spec") if isinstance(body, dict) else None
            if not isinstance(spec, str):
                return error_reply(400, 'expected {"spec":"ENDPOINT=KIND..."}')
            try:
                srv.faults.add(Fault(spec))
            except ValueError as e:
                return error_reply(400, str(e))
            return json_reply({"faults": srv.faults.describe()})
        if path == CONTROL + "faults" and self.command == "DELETE":
            srv.faults.clear()
            return json_reply({"faults": []})
        if path == CONTROL + "state" and self.command == "GET":
            return json_reply(srv.state())
        return error_reply(404, "Not found: %s %s" % (self.command, path))

    def huge(self, endpoint, q, size):
        ds = self.server.dataset
        if endpoint == "history":
            w = ds.find_worker(q.get("workerKey")) or ds.first_worker()
            return Reply(200, chunks=huge_history_body(size, w), length=size)
        if endpoint == "workers":
            pre, suf = b'{"workers":[{"key":"huge-worker","action":"GENERIC_EVENT","enabled":true,"description":"', b'"}]}'
        elif endpoint == "rerun":
            pre = b'{"executionId":"e0000000-0000-4000-8000-999999999999","logs":"'
            suf = (b'","executionMetrics":{"cpuTimeMillis":10,"topMemoryUsageBytes":1048576,"executionDurationMillis":20},'
                   b'"executionLimits":' + to_json_bytes(ds.limits) +
                   b',"result":{"data":null,"executionStatus":"STATUS_SUCCESS"}}')
        elif endpoint == "execute":
            pre, suf = b'{"data":"', b'","executionStatus":"STATUS_SUCCESS"}'
        else:
            pre, suf = b'{"errors":[{"status":404,"message":"', b'"}]}'
        return Reply(200, chunks=huge_string_body(size, pre, suf), length=max(size, len(pre) + len(suf)))

    # -- writing -----------------------------------------------------------
    def send(self, reply, pace=None, truncate=False):
        self.send_response(reply.status)
        if reply.ctype:
            self.send_header("Content-Type", reply.ctype)
        self.send_header("Content-Length", str(reply.length))
        for name, value in reply.headers:
            self.send_header(name, value)
        if truncate:
            self.close_connection = True
        self.end_headers()
        if self.command == "HEAD":
            return
        try:
            if truncate:
                body = reply.body if reply.chunks is None else b"".join(reply.chunks)
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
            elif pace is not None:
                self.dribble(reply, pace)
            else:
                for chunk in reply.iter_body():
                    self.wfile.write(chunk)
        except (ConnectionError, TimeoutError, ssl.SSLError, OSError):
            self.close_connection = True

    def dribble(self, reply, seconds):
        body = reply.body if reply.chunks is None else b"".join(reply.chunks)
        steps = max(1, min(len(body), int(seconds * 20)))
        size = -(-len(body) // steps) if body else 0
        pause = seconds / steps
        if not body:
            STOP.wait(seconds)
            return
        for i in range(0, len(body), size):
            self.wfile.write(body[i:i + size])
            self.wfile.flush()
            if i + size < len(body) and STOP.wait(pause):
                return

    def hang(self):
        """Hold the connection, answer nothing, until the client goes away."""
        self.close_connection = True
        sock = self.connection
        while not STOP.is_set():
            try:
                ready, _, _ = select.select([sock], [], [], 0.25)
                if ready:
                    data = sock.recv(4096)
                    if not data:
                        return
            except ssl.SSLWantReadError:
                continue
            except (OSError, ValueError):
                return

    def reset(self):
        """Close with RST: SO_LINGER on, timeout 0."""
        self.close_connection = True
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        for f in (self.rfile, self.wfile):
            try:
                f.close()
            except OSError:
                pass
        try:
            sock.close()  # the files are closed: this really closes the socket
        except OSError:
            pass
        # The base class still flushes and closes these after us.
        self.rfile, self.wfile = io.BytesIO(), io.BytesIO()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, addr, dataset, faults, log, token, tls=None, quiet=False):
        self.address_family = socket.AF_INET6 if ":" in addr[0] else socket.AF_INET
        self.dataset = dataset
        self.faults = faults
        self.log = log
        self.token = token
        self.tls = tls
        self.quiet = quiet
        self.counts_lock = threading.Lock()
        self.counts = collections.Counter()
        ThreadingHTTPServer.__init__(self, addr, Handler)

    def server_bind(self):
        # No getfqdn(): it may wait on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request, client_address):
        if self.tls is None:
            return ThreadingHTTPServer.finish_request(self, request, client_address)
        request.settimeout(10)
        try:
            tls_sock = self.tls.wrap_socket(request, server_side=True)
        except (OSError, ssl.SSLError):
            return  # a failed handshake (e.g. an untrusting client) is not our error
        tls_sock.settimeout(None)
        try:
            ThreadingHTTPServer.finish_request(self, tls_sock, client_address)
        finally:
            try:
                tls_sock.close()
            except OSError:
                pass

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError, ssl.SSLError, BrokenPipeError)):
            return
        if not self.quiet:
            sys.stderr.write("%s: error while answering %s:\n" % (PROG, client_address[0]))
            traceback.print_exc()

    def count(self, endpoint):
        with self.counts_lock:
            self.counts[endpoint] += 1
            self.counts["total"] += 1

    def state(self):
        with self.counts_lock:
            counts = {k: self.counts.get(k, 0) for k in ENDPOINTS + ("other", "total")}
        ds = self.dataset
        with ds.lock:
            n = len(ds.history)
            reruns, executes = ds.rerun_count, ds.execute_count
        return {"faults": self.faults.describe(), "requests": counts, "historyEntries": n,
                "reruns": reruns, "executions": executes, "limits": ds.limits, "user": ds.user,
                "projectHistoryScoped": ds.project_scoped}


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

EPILOG = """\
token: from the environment variable WRUN_SIM_TOKEN only (required).

fault SPEC: ENDPOINT=KIND[:ARG[:ARG2]][%EVERY][@COUNT]
  ENDPOINT  workers | history | rerun | execute | any
  KIND      status:CODE[:MESSAGE] | ratelimit:SECONDS[:CODE[:MESSAGE]] |
            html:CODE | empty:CODE | delay:SECONDS | slow:SECONDS | hang |
            reset | truncated | malformed | huge:BYTES | object (history only) |
            bigheader:BYTES | manyheaders:N | gzipbomb:BYTES
            ratelimit answers CODE (default 429) with "Retry-After: SECONDS"
  %EVERY    only every EVERY-th matching request (the others pass it by)
  @COUNT    only the next COUNT applications, then removed (default: all)
  e.g. --fault history=html:502@1 --fault rerun=status:400 --fault any=delay:0.5
       --fault 'rerun=status:400:Call limit exceeded%3' --fault history=ratelimit:2@1
At run time: POST /__sim/fault {"spec":"..."}, DELETE /__sim/faults,
GET /__sim/state (all with the token).

The module docstring (read this file) documents the endpoints, the request
log, the datasets and the IDs of generated entries."""


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="wrun-sim.py",
        description="A fake JFrog Workers REST API for wrun's tests and `wrun --demo`.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    p.add_argument("--port-file", help="write the port here once listening (atomic rename)")
    p.add_argument("--request-log", help="append one JSON line per API request here")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--scenario", help="serve this scenario file (JSON)")
    src.add_argument("--demo", action="store_true", help="serve the built-in demo dataset (the default)")
    p.add_argument("--runs", type=int, default=0, metavar="N", help="add N synthetic runs (~2.5 KB of log each)")
    p.add_argument("--runs-worker", metavar="KEY", help="the worker of the --runs entries (default: the first)")
    p.add_argument("--tls-cert", metavar="PEM", help="serve HTTPS with this certificate")
    p.add_argument("--tls-key", metavar="PEM", help="the certificate's private key")
    p.add_argument("--fault", action="append", default=[], metavar="SPEC", help="inject a fault (repeatable)")
    p.add_argument("--exit-after", type=float, metavar="SECONDS", help="exit by itself after this long")
    p.add_argument("--quiet", action="store_true", help="no diagnostics on stderr except fatal errors")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.runs < 0:
        p.error("--runs must be 0 or more")
    if not 0 <= args.port <= 65535:
        p.error("--port must be 0-65535")
    return args


def load_scenario(path):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except OSError as e:
        die("cannot read scenario %s: %s" % (path, e.strerror or e))
    except ValueError as e:
        die("scenario %s is not valid JSON: %s" % (path, e))
    if not isinstance(data, dict):
        die("scenario %s: the top level must be an object" % path)
    for name in ("workers", "history"):
        if name in data and not isinstance(data[name], list):
            die("scenario %s: %r must be an array" % (path, name))
    if "reruns" in data and not isinstance(data["reruns"], dict):
        die("scenario %s: 'reruns' must be an object" % path)
    if data.get("historyShape", "array") not in ("array", "object"):
        die("scenario %s: 'historyShape' must be \"array\" or \"object\"" % path)
    if "limits" in data and not isinstance(data["limits"], dict):
        die("scenario %s: 'limits' must be an object" % path)
    if "projectHistoryScoped" in data and not isinstance(data["projectHistoryScoped"], bool):
        die("scenario %s: 'projectHistoryScoped' must be true or false" % path)
    return data


def write_port_file(path, port):
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".wrun-sim-port.", dir=folder)
    try:
        with os.fdopen(fd, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    token = os.environ.get(TOKEN_ENV, "")
    if not token:
        die("the environment variable %s must hold the bearer token to accept "
            "(it is never taken from the command line)" % TOKEN_ENV)
    faults = Faults()
    for spec in args.fault:
        try:
            faults.add(Fault(spec))
        except ValueError as e:
            die(str(e))

    clock = Clock()
    if args.scenario:
        data = load_scenario(args.scenario)
        end = data.get("now") if isinstance(data.get("now"), int) else SCENARIO_NOW_MS
    else:
        data = build_demo(clock.now_ms())
        end = clock.now_ms()
    dataset = Dataset(data, clock)
    if args.runs:
        if args.runs_worker:
            w = dataset.find_worker(args.runs_worker)
            if w is None:
                die("--runs-worker %s: no such worker in the dataset" % args.runs_worker)
        else:
            w = dataset.first_worker()
        for e in bulk_history(w, args.runs, end):
            dataset.history.append([e, None])

    tls = None
    if args.tls_cert:
        try:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            tls.load_cert_chain(args.tls_cert, args.tls_key)
        except (OSError, ssl.SSLError) as e:
            die("cannot load the TLS certificate or key: %s" % e, 1)

    try:
        log = RequestLog(args.request_log, token)
    except OSError as e:
        die("cannot open the request log %s: %s" % (args.request_log, e.strerror or e), 1)
    try:
        server = Server((args.bind, args.port), dataset, faults, log, token, tls=tls, quiet=args.quiet)
    except OSError as e:
        die("cannot listen on %s port %d: %s" % (args.bind, args.port, e.strerror or e), 1)

    done = threading.Event()

    def on_signal(signum, frame):
        done.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_IGN)

    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    if args.port_file:
        try:
            write_port_file(args.port_file, server.server_address[1])
        except OSError as e:
            server.shutdown()
            die("cannot write the port file %s: %s" % (args.port_file, e.strerror or e), 1)

    deadline = None if args.exit_after is None else time.monotonic() + args.exit_after
    while not done.is_set():
        wait = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
        if wait <= 0:
            if not args.quiet:
                sys.stderr.write("%s: --exit-after %g s reached, exiting\n" % (PROG, args.exit_after))
            break
        done.wait(wait)

    STOP.set()
    server.shutdown()
    server.server_close()
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
