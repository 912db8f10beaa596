# Sends a partial update (a new name and type; `timeZone: ""` deletes the time zone); the examples above show other bodies.
# Sign exactly the body you send. BASE_URL: the mock (http://127.0.0.1:4010) or https://open-sea.alipayplus.com.
set -euo pipefail # stop at the first failed step: a missing key must not send an empty signature
BASE_URL=${BASE_URL:-http://127.0.0.1:4010}
PRIVATE_KEY=${PRIVATE_KEY:-keys/private.pem} # what `npx store-api keygen --out keys` writes
[ -r "$PRIVATE_KEY" ] || { echo "no private key at $PRIVATE_KEY: npx store-api keygen --out keys" >&2; exit 1; }
CLIENT_ID=TEST_5X00000000000000
BODY='{"storeId":"000000032","name":"MOM FOOD","storeType":"HAWKER","timeZone":""}'
REQUEST_TIME=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
SIGNATURE=$(printf 'POST /v2/pds/store/updateStore\n%s.%s.%s' "$CLIENT_ID" "$REQUEST_TIME" "$BODY" |
  openssl dgst -sha256 -sign "$PRIVATE_KEY" | base64 -w0 | sed 's/+/%2B/g; s#/#%2F#g; s/=/%3D/g')

ANSWER=$(curl -sS --fail-with-body -X POST "$BASE_URL/v2/pds/store/updateStore" \
  -H 'Content-Type: application/json; charset=UTF-8' \
  -H "Client-Id: $CLIENT_ID" \
  -H "Request-Time: $REQUEST_TIME" \
  -H "Signature: algorithm=RSA256,keyVersion=1,signature=$SIGNATURE" \
  --data "$BODY")
echo "$ANSWER"
# S is done; F (do not retry) and U (retry the same request) end the script with an error.
case "$ANSWER" in *'"resultStatus":"S"'*) ;; *) exit 1 ;; esac
