"""Calls the vendor's Python SDK client (DefaultAlipayClient.execute) once per call in the harness's job file and
prints one JSON line per call. Written by this repo; the SDK is imported unmodified from the tree on PYTHONPATH."""

import json
import sys

from com.alipay.ams.api.default_alipay_client import DefaultAlipayClient
from com.alipay.ams.api.request.alipay_request import AlipayRequest


class StoreRequest(AlipayRequest):
    """A request the SDK has no class for, written the way its own request classes are (to_ams_json, indent 3)."""

    def __init__(self, path, body):
        super(StoreRequest, self).__init__(path)
        self.__body = body

    def to_ams_json(self):
        return json.dumps(obj=self.__body, indent=3)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        job = json.load(f)
    client = DefaultAlipayClient(
        job["gatewayUrl"],
        job["clientId"],
        job["keys"]["partnerPkcs1Base64"],
        job["keys"]["platformPublicKeyPem"],
    )
    for call in job["calls"]:
        out = {"operation": call["operation"]}
        try:
            answer = json.loads(client.execute(StoreRequest(call["path"], call["body"])))
            out["ok"] = True
            out["result"] = answer.get("result")
        except Exception as e:  # the SDK raises AlipayApiException and lets others through
            out["ok"] = False
            out["error"] = type(e).__name__ + ": " + str(e)
        print(json.dumps(out, ensure_ascii=False), flush=True)


main()
