"""The store-API mock from Python's unittest: start it, script U then S through its admin API, send a signed
syncStore twice, read what it received from its journal, verify its signed answer, reset it. Standard library plus
`cryptography`. Run: python3 -m unittest -v test_store_mock
  env: STORE_API_MOCK_COMMAND (default `npx store-api-mock --port 0`; split at spaces). With `--tls` added, the same
  tests run over HTTPS, trusting only the certificate the mock serves. (The vendor's Python SDK always dials port 443
  and checks no certificate: start the mock for it with `--tls --port 443`.)
"""
import base64
import json
import os
import queue
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CLIENT_ID = "TEST_5X00000000000000"
SYNC_STORE = "/v2/pos/syncStore"
BODY = '{"requestId":"r-1","posAccountId":"a-1","store":{"posStoreId":"s-1","name":"Store A","status":"OPEN"}}'

# The mock is on this machine: never through a proxy from the environment.
HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def start_mock(timeout=30):
    """Starts the mock; returns (process, base URL) once its banner names the URL, within `timeout` seconds."""
    command = (os.environ.get("STORE_API_MOCK_COMMAND") or "npx store-api-mock --port 0").split()
    # Its own process group: npx runs the mock as a grandchild, which a signal to npx alone leaves running.
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    lines = queue.Queue()
    process.closed = threading.Event()  # set once every process of the group has closed its output: all exited

    def drain():  # read every line, so the mock never blocks on a full pipe
        for line in process.stdout:
            lines.put(line)
        lines.put(None)
        process.closed.set()

    threading.Thread(target=drain, daemon=True).start()
    deadline = time.monotonic() + timeout
    seen = []
    try:
        while True:
            line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            if line is None:
                raise RuntimeError(f"the mock exited before listening: {''.join(seen)}")
            found = re.search(r"listening on (https?://\S+)", line)
            if found:
                print(f"mock at {found.group(1)}", file=sys.stderr)
                return process, found.group(1)
            seen.append(line)
    except BaseException:
        stop_mock(process)
        raise


def trust_mock_certificate(url):
    """Makes HTTP trust the certificate the mock (--tls) made at start, and no other: it is fetched once without
    checking, from the mock this test started itself."""
    global HTTP
    unchecked = ssl.create_default_context()
    unchecked.check_hostname = False
    unchecked.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                         urllib.request.HTTPSHandler(context=unchecked))
    with opener.open(url + "/__admin/tls-certificate", timeout=10) as response:
        pem = response.read().decode("ascii")
    trusted = ssl.create_default_context(cadata=pem)  # no system roots: only the mock's certificate
    HTTP = urllib.request.build_opener(urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=trusted))


def stop_mock(process):
    """SIGTERM to the mock's process group (npx and the mock), then SIGKILL after 5 s."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        if process.closed.wait(timeout=5):
            break
    process.wait(timeout=5)


def call(method, url, body=None, headers=None):
    """Returns (status, headers, body text); an HTTP error status is an answer too."""
    data = None if body is None else body.encode("utf-8")
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with HTTP.open(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8")


def string_to_sign(uri, client_id, time_text, body):
    return f"POST {uri}\n{client_id}.{time_text}.{body}"


def verify(text, header, public_key):
    """Whether the signature= value of a Signature header verifies the string with this key."""
    found = re.search(r"(?i)(?:^|,)\s*signature=([^,]+)", header or "")
    if not found:
        return False
    try:
        public_key.verify(base64.b64decode(urllib.parse.unquote(found.group(1))), text.encode("utf-8"),
                          padding.PKCS1v15(), hashes.SHA256())
        return True
    except (InvalidSignature, ValueError):
        return False


class StoreMockTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process, cls.url = start_mock()
        if cls.url.startswith("https://"):
            try:
                trust_mock_certificate(cls.url)
            except BaseException:
                stop_mock(cls.process)
                raise
        cls.admin = cls.url + "/__admin"
        # Your own key pair: this mock checks only that a signature is there (--client ID=key.pem verifies it).
        cls.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    @classmethod
    def tearDownClass(cls):
        stop_mock(cls.process)

    def setUp(self):
        self.assertEqual(call("POST", self.admin + "/reset")[0], 204)

    def sync_store(self):
        """Sends BODY signed; returns (the Signature header sent, status, headers, body)."""
        request_time = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        raw = self.private_key.sign(string_to_sign(SYNC_STORE, CLIENT_ID, request_time, BODY).encode("utf-8"),
                                    padding.PKCS1v15(), hashes.SHA256())
        signature = "algorithm=RSA256,keyVersion=1,signature=" + urllib.parse.quote(base64.b64encode(raw), safe="")
        answer = call("POST", self.url + SYNC_STORE, BODY, {
            "Content-Type": "application/json; charset=UTF-8",
            "Client-Id": CLIENT_ID,
            "Request-Time": request_time,
            "Signature": signature,
        })
        return (signature, *answer)

    def script_unknown_then_success(self):
        script = json.dumps({"operationId": "syncStore", "steps": ["UNKNOWN_EXCEPTION", "SUCCESS"]})
        status, _, text = call("POST", self.admin + "/scripts", script, {"Content-Type": "application/json"})
        self.assertEqual(status, 201, text)

    def test_scripted_unknown_then_success_arrive_in_order(self):
        self.script_unknown_then_success()
        results = []
        for _ in range(2):
            _, status, _, text = self.sync_store()
            self.assertEqual(status, 200)
            result = json.loads(text)["result"]
            results.append((result["resultStatus"], result["resultCode"]))
        self.assertEqual(results, [("U", "UNKNOWN_EXCEPTION"), ("S", "SUCCESS")])

    def test_journal_holds_what_was_sent(self):
        self.script_unknown_then_success()
        sent = [self.sync_store()[0] for _ in range(2)]
        status, _, text = call("GET", self.admin + "/requests?match.requestId=r-1")
        self.assertEqual(status, 200, text)
        entries = json.loads(text)
        self.assertEqual([entry["outcome"]["name"] for entry in entries], ["UNKNOWN_EXCEPTION", "SUCCESS"])
        self.assertEqual([entry["outcome"]["source"] for entry in entries], ["script", "script"])
        self.assertEqual([entry["headers"]["signature"] for entry in entries], sent)
        for entry in entries:
            self.assertEqual((entry["method"], entry["url"], entry["operationId"]), ("POST", SYNC_STORE, "syncStore"))
            self.assertEqual(entry["rawBody"], BODY)
            self.assertEqual(entry["body"]["store"]["posStoreId"], "s-1")
            self.assertEqual(entry["headers"]["client-id"], CLIENT_ID)

    def test_answer_signature_verifies_with_the_platform_key(self):
        status, _, pem = call("GET", self.admin + "/platform-key")
        self.assertEqual(status, 200, pem)
        platform_key = serialization.load_pem_public_key(pem.encode("ascii"))
        _, status, headers, text = self.sync_store()
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("client-id"), CLIENT_ID)
        signed = string_to_sign(SYNC_STORE, headers.get("client-id"), headers.get("response-time"), text)
        self.assertTrue(verify(signed, headers.get("signature"), platform_key), headers.get("signature"))
        self.assertFalse(verify(signed + " ", headers.get("signature"), platform_key), "a changed body must not verify")

    def test_reset_empties_the_journal(self):
        self.sync_store()
        self.assertEqual(len(json.loads(call("GET", self.admin + "/requests")[2])), 1)
        self.assertEqual(call("POST", self.admin + "/reset")[0], 204)
        self.assertEqual(json.loads(call("GET", self.admin + "/requests")[2]), [])


if __name__ == "__main__":
    unittest.main()
