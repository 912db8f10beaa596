<?php
// Both store APIs from PHP with its openssl extension: sign the exact bytes you send, verify the platform's
// signature on the answer, and act on S / F / U. Run: php store_api.php
//   env: BASE_URL (default the mock, http://127.0.0.1:4010), CLIENT_ID, PRIVATE_KEY (PKCS#8 PEM file, default keys/private.pem),
//        PLATFORM_PUBLIC_KEY (SPKI PEM file: verify every answer), TEST_VECTOR (check this signer and stop),
//        PREFER (the mock only: the outcome to answer with, e.g. example=UNKNOWN_EXCEPTION)

function env(string $name, string $fallback = ''): string
{
    $value = getenv($name);
    return $value === false || $value === '' ? $fallback : $value;
}

function stringToSign(string $method, string $uri, string $clientId, string $time, string $body): string
{
    return "$method $uri\n$clientId.$time.$body";
}

/** URL-encoded base64 SHA256withRSA of the string. */
function sign(string $text, $privateKey): string
{
    if (!openssl_sign($text, $raw, $privateKey, OPENSSL_ALGO_SHA256)) {
        throw new RuntimeException('openssl_sign failed: ' . openssl_error_string());
    }
    return rawurlencode(base64_encode($raw));
}

/** Whether the signature= value of a Signature header (keys case-insensitive) verifies the string. */
function verify(string $text, ?string $header, $publicKey): bool
{
    if ($header === null || !preg_match('/(?:^|,)\s*signature=([^,]+)/i', $header, $match)) {
        return false;
    }
    $raw = base64_decode(urldecode($match[1]), true);
    return $raw !== false && openssl_verify($text, $raw, $publicKey, OPENSSL_ALGO_SHA256) === 1;
}

/** Response headers by lower-case name. */
function headersOf(array $lines): array
{
    $headers = [];
    foreach ($lines as $line) {
        $at = strpos($line, ':');
        if ($at !== false) {
            $headers[strtolower(trim(substr($line, 0, $at)))] = trim(substr($line, $at + 1));
        }
    }
    return $headers;
}

/** Sends one operation; retries a U with the same bytes, re-signed, at most 3 times. */
function call(string $operation, string $uri, string $body, $privateKey, $platformKey): void
{
    $clientId = env('CLIENT_ID', 'TEST_5X00000000000000');
    for ($attempt = 1; ; $attempt++) {
        $time = gmdate('Y-m-d\TH:i:s') . '+00:00';
        $signature = sign(stringToSign('POST', $uri, $clientId, $time, $body), $privateKey);
        $headers = [
            'Content-Type: application/json; charset=UTF-8',
            "Client-Id: $clientId",
            "Request-Time: $time",
            "Signature: algorithm=RSA256,keyVersion=1,signature=$signature",
        ];
        if (env('PREFER') !== '') {
            $headers[] = 'Prefer: ' . env('PREFER');
        }
        // follow_location 0: a redirect would re-send the signed body elsewhere.
        $context = stream_context_create(['http' => [
            'method' => 'POST', 'header' => implode("\r\n", $headers), 'content' => $body,
            'ignore_errors' => true, 'follow_location' => 0, 'timeout' => 10,
        ]]);
        $answer = file_get_contents(env('BASE_URL', 'http://127.0.0.1:4010') . $uri, false, $context);
        $status = (int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
        if ($answer === false || $status !== 200) {
            throw new RuntimeException("$operation: HTTP $status");
        }
        $reply = headersOf($http_response_header);
        if ($platformKey !== null) {
            $signed = stringToSign('POST', $uri, $reply['client-id'] ?? '', $reply['response-time'] ?? '', $answer);
            if (!verify($signed, $reply['signature'] ?? null, $platformKey)) {
                throw new RuntimeException("$operation: the answer's signature does not verify");
            }
        }
        $result = json_decode($answer, true)['result'];
        if ($result['resultStatus'] === 'U' && $attempt < 3) {
            continue; // unknown: send the same request again
        }
        $note = match ($result['resultStatus']) {
            'U' => " (still unknown after $attempt attempts: retry later with the same body)",
            'F' => ' (do not retry: ' . ($result['resultMessage'] ?? '') . ')',
            default => '',
        };
        echo "$operation: {$result['resultStatus']} {$result['resultCode']}$note\n";
        if (isset($reply['x-mock-diagnosis'])) {
            echo "diagnosis: {$reply['x-mock-diagnosis']}\n";
        }
        return;
    }
}

/** Checks this signer against the published test vector (a PUBLIC TEST KEY, never a partner's). */
function checkVector(string $path): void
{
    $vector = json_decode(file_get_contents($path), true);
    $privateKey = openssl_pkey_get_private($vector['publicTestKey']['privateKey']);
    $publicKey = openssl_pkey_get_public($vector['publicTestKey']['publicKey']);
    $req = $vector['request'];
    $res = $vector['response'];
    $reqString = stringToSign($req['method'], $req['uri'], $req['clientId'], $req['requestTime'], $req['body']);
    $stringOk = $reqString === $req['stringToSign'];
    $signatureOk = 'algorithm=RSA256,keyVersion=1,signature=' . sign($reqString, $privateKey) === $req['signatureHeader'];
    $resString = stringToSign($res['method'], $res['uri'], $res['clientId'], $res['responseTime'], $res['body']);
    $responseOk = verify($resString, $res['signatureHeader'], $publicKey);
    echo 'test vector: string to sign ' . ($stringOk ? 'matches' : 'DIFFERS') . '; request signature '
        . ($signatureOk ? 'matches' : 'DIFFERS') . '; response signature ' . ($responseOk ? 'verifies' : 'DOES NOT VERIFY') . "\n";
    if (!($stringOk && $signatureOk && $responseOk)) {
        exit(1);
    }
}

if (env('TEST_VECTOR') !== '') {
    checkVector(env('TEST_VECTOR'));
    exit(0);
}
$keyFile = env('PRIVATE_KEY', 'keys/private.pem');
$privateKey = is_readable($keyFile) ? openssl_pkey_get_private(file_get_contents($keyFile)) : false;
if ($privateKey === false) {
    fwrite(STDERR, "no private key at $keyFile: npx store-api keygen --out keys\n");
    exit(1);
}
$platformKey = env('PLATFORM_PUBLIC_KEY') === '' ? null : openssl_pkey_get_public(file_get_contents(env('PLATFORM_PUBLIC_KEY')));
// One requestId per change; the same one (same bytes) for every retry of it.
$requestId = 'php-' . (int) (microtime(true) * 1000);
call('syncStore', '/v2/pos/syncStore', json_encode([
    'requestId' => $requestId, 'posAccountId' => 'pos_account_id_001',
    'store' => ['posStoreId' => 'pos_store_id_001', 'name' => 'Store A', 'status' => 'OPEN'],
], JSON_UNESCAPED_SLASHES), $privateKey, $platformKey);
call('updateStore', '/v2/pds/store/updateStore', json_encode(
    ['storeId' => '000000032', 'name' => 'MOM FOOD', 'description' => 'ร้านอาหาร 妈妈美食'],
    JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE,
), $privateKey, $platformKey);
