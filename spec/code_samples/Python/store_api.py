"""Both store APIs from Python's standard library and `cryptography`: sign the exact bytes you send, verify the
platform's signature on the answer, and act on S / F / U. Run: python3 store_api.py
  env: BASE_URL (default the mock, http://127.0.0.1:4010), CLIENT_ID, PRIVATE_KEY (PKCS#8 PEM file, default keys/private.pem),
       PLATFORM_PUBLIC_KEY (SPKI PEM file: verify every answer), TEST_VECTOR (check this signer and stop),
       PREFER (the mock only: the outcome to answer with, e.g. example=UNKNOWN_EXCEPTION)
"""
import base64
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def env(name, fallback=""):
    return os.environ.get(name) or fallback


def string_to_sign(method, uri, client_id, request_time, body):
    return f"{method} {uri}\n{client_id}.{request_time}.{body}"


def sign(text, private_key):
    """URL-encoded base64 SHA256withRSA of the string, UTF-8."""
    raw = private_key.sign(text.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
    return urllib.parse.quote(base64.b64encode(raw).decode("ascii"), safe="")


def verify(text, header, public_key):
    """Whether the signature= value of a Signature header (keys case-insensitive) verifies the string."""
    match = re.search(r"(?i)(?:^|,)\s*signature=([^,]+)", header or "")
    if not match:
        return False
    try:
        public_key.verify(base64.b64decode(urllib.parse.unquote_plus(match.group(1))), text.encode("utf-8"),
                          padding.PKCS1v15(), hashes.SHA256())
        return True
    except (InvalidSignature, ValueError):
        return False


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):  # a redirect would re-send the signed body elsewhere
        return None


HTTP = urllib.request.build_opener(NoRedirect)


def call(operation, uri, body, private_key, platform_key):
    """Sends one operation; retries a U with the same bytes, re-signed, at most 3 times."""
    client_id = env("CLIENT_ID", "TEST_5X00000000000000")
    data = body.encode("utf-8")
    for attempt in range(1, 4):
        request_time = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        signature = sign(string_to_sign("POST", uri, client_id, request_time, body), private_key)
        headers = {
            "Content-Type": "application/json; charset=UTF-8",
            "Client-Id": client_id,
            "Request-Time": request_time,
            "Signature": f"algorithm=RSA256,keyVersion=1,signature={signature}",
        }
        if env("PREFER"):
            headers["Prefer"] = env("PREFER")
        request = urllib.request.Request(env("BASE_URL", "http://127.0.0.1:4010") + uri, data=data, headers=headers,
                                         method="POST")
        with HTTP.open(request, timeout=10) as response:
            answer = response.read().decode("utf-8")
            reply = response.headers
        if platform_key is not None:
            signed = string_to_sign("POST", uri, reply.get("client-id", ""), reply.get("response-time", ""), answer)
            if not verify(signed, reply.get("signature"), platform_key):
                sys.exit(f"{operation}: the answer's signature does not verify")
        result = json.loads(answer)["result"]
        status, code = result["resultStatus"], result["resultCode"]
        if status == "U" and attempt < 3:
            continue  # unknown: send the same request again
        note = ""
        if status == "U":
            note = f" (still unknown after {attempt} attempts: retry later with the same body)"
        if status == "F":
            note = f" (do not retry: {result.get('resultMessage', '')})"
        print(f"{operation}: {status} {code}{note}")
        if reply.get("x-mock-diagnosis"):
            print(f"diagnosis: {reply.get('x-mock-diagnosis')}")
        return


def check_vector(path):
    """Checks this signer against the published test vector (a PUBLIC TEST KEY, never a partner's)."""
    with open(path, encoding="utf-8") as file:
        vector = json.load(file)
    private_key = serialization.load_pem_private_key(vector["publicTestKey"]["privateKey"].encode(), password=None)
    public_key = serialization.load_pem_public_key(vector["publicTestKey"]["publicKey"].encode())
    req, res = vector["request"], vector["response"]
    req_string = string_to_sign(req["method"], req["uri"], req["clientId"], req["requestTime"], req["body"])
    string_ok = req_string == req["stringToSign"]
    signature_ok = f"algorithm=RSA256,keyVersion=1,signature={sign(req_string, private_key)}" == req["signatureHeader"]
    res_string = string_to_sign(res["method"], res["uri"], res["clientId"], res["responseTime"], res["body"])
    response_ok = verify(res_string, res["signatureHeader"], public_key)
    print("test vector: string to sign " + ("matches" if string_ok else "DIFFERS") + "; request signature "
          + ("matches" if signature_ok else "DIFFERS") + "; response signature "
          + ("verifies" if response_ok else "DOES NOT VERIFY"))
    if not (string_ok and signature_ok and response_ok):
        sys.exit(1)


def main():
    if env("TEST_VECTOR"):
        return check_vector(env("TEST_VECTOR"))
    with open(env("PRIVATE_KEY", "keys/private.pem"), "rb") as file:
        private_key = serialization.load_pem_private_key(file.read(), password=None)
    platform_key = None
    if env("PLATFORM_PUBLIC_KEY"):
        with open(env("PLATFORM_PUBLIC_KEY"), "rb") as file:
            platform_key = serialization.load_pem_public_key(file.read())
    # One requestId per change; the same one (same bytes) for every retry of it.
    request_id = f"python-{int(time.time() * 1000)}"
    call("syncStore", "/v2/pos/syncStore", json.dumps({
        "requestId": request_id, "posAccountId": "pos_account_id_001",
        "store": {"posStoreId": "pos_store_id_001", "name": "Store A", "status": "OPEN"}}, separators=(",", ":")),
        private_key, platform_key)
    call("updateStore", "/v2/pds/store/updateStore", json.dumps({
        "storeId": "000000032", "name": "MOM FOOD", "description": "ร้านอาหาร 妈妈美食"},
        separators=(",", ":"), ensure_ascii=False), private_key, platform_key)


if __name__ == "__main__":
    main()
