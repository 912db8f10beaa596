# Sends a partial update (a new name and type; `timeZone: ""` deletes the time zone); the examples above show other bodies.
# Sign exactly the body you send. BASE_URL: the mock (http://127.0.0.1:4010) or https://open-sea.alipayplus.com.
BASE_URL=${BASE_URL:-http://127.0.0.1:4010}
CLIENT_ID=TEST_5X00000000000000
BODY='{"storeId":"000000032","name":"MOM FOOD","storeType":"HAWKER","timeZone":""}'
REQUEST_TIME=$(date -u +%Y-%m-%dT%H:%M:%S+00:00)
SIGNATURE=$(printf 'POST /v2/pds/store/updateStore\n%s.%s.%s' "$CLIENT_ID" "$REQUEST_TIME" "$BODY" |
  openssl dgst -sha256 -sign private-key.pem | base64 -w0 | sed 's/+/%2B/g; s#/#%2F#g; s/=/%3D/g')

curl -sS -X POST "$BASE_URL/v2/pds/store/updateStore" \
  -H 'Content-Type: application/json; charset=UTF-8' \
  -H "Client-Id: $CLIENT_ID" \
  -H "Request-Time: $REQUEST_TIME" \
  -H "Signature: algorithm=RSA256,keyVersion=1,signature=$SIGNATURE" \
  --data "$BODY"
