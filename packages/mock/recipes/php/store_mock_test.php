<?php
// The store-API mock from a plain PHP test (php-cli and its openssl extension, no Composer): start it, script U then
// S through its admin API, send a signed syncStore twice, read what it received from its journal, verify its signed
// answer, reset it. With PHPUnit, the closures below are test methods. Run: php store_mock_test.php
// (on Linux: it starts the mock with setsid and stops it by its process group, with the posix extension)
//   env: STORE_API_MOCK_COMMAND (default `npx store-api-mock --port 0`; split at spaces). With `--tls` added, the
//   same tests run over HTTPS, trusting only the certificate the mock serves.

const CLIENT_ID = 'TEST_5X00000000000000';
const SYNC_STORE = '/v2/pos/syncStore';
const BODY = '{"requestId":"r-1","posAccountId":"a-1","store":{"posStoreId":"s-1","name":"Store A","status":"OPEN"}}';

/** Reads the mock's output until $done says so, its end (every process holding it has exited), or $seconds. */
function readUntil($out, float $seconds, callable $done): string
{
    $text = '';
    for ($deadline = microtime(true) + $seconds; !$done($text) && !feof($out) && microtime(true) < $deadline;) {
        $ready = [$out];
        $none = null;
        if (stream_select($ready, $none, $none, 0, 100_000) > 0) {
            $text .= (string) fread($out, 65536);
        }
    }
    return $text;
}

/** Starts the mock; returns [process, its output, base URL] once its banner names the URL, within 30 s. */
function startMock(): array
{
    $command = preg_split('/\s+/', trim(getenv('STORE_API_MOCK_COMMAND') ?: 'npx store-api-mock --port 0'));
    // Its own process group (setsid): npx runs the mock as a grandchild, which a signal to npx alone leaves running.
    $process = proc_open(['setsid', ...$command], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => STDERR], $pipes);
    if ($process === false) {
        throw new RuntimeException('could not start ' . implode(' ', $command));
    }
    $out = $pipes[1];
    stream_set_blocking($out, false);
    register_shutdown_function(fn () => stopMock($process, $out));
    $banner = readUntil($out, 30, fn ($text) => preg_match('/listening on https?:\/\/\S+\s/', $text) === 1);
    if (!preg_match('/listening on (https?:\/\/\S+)\s/', $banner, $found)) {
        throw new RuntimeException("the mock did not listen within 30 s: $banner");
    }
    echo "mock at $found[1]\n";
    return [$process, $out, $found[1]];
}

/** SIGTERM to the mock's process group (npx and the mock), then SIGKILL after 5 s. */
function stopMock($process, $out): void
{
    if (!is_resource($process)) {
        return;
    }
    $group = proc_get_status($process)['pid'];
    foreach ([15, 9] as $signal) {
        posix_kill(-$group, $signal);
        readUntil($out, 5, fn () => false);
        if (feof($out)) {
            break;
        }
    }
    fclose($out);
    proc_close($process);
}

/** How HTTPS is checked: the system's roots, until trustMockCertificate() names the mock's certificate alone. */
$GLOBALS['tls'] = ['verify_peer' => true, 'verify_peer_name' => true];

/**
 * Trusts the certificate the mock (--tls) made at start, and no other: it is fetched once without checking, from
 * the mock this test started itself, and kept in a file for openssl's cafile.
 */
function trustMockCertificate(string $url): void
{
    $unchecked = stream_context_create(['ssl' => ['verify_peer' => false, 'verify_peer_name' => false]]);
    $pem = file_get_contents("$url/__admin/tls-certificate", false, $unchecked);
    if ($pem === false || !str_contains($pem, '-----BEGIN CERTIFICATE-----')) {
        throw new RuntimeException('could not read the mock\'s certificate');
    }
    $file = tempnam(sys_get_temp_dir(), 'store-api-mock-cert');
    file_put_contents($file, $pem);
    register_shutdown_function(fn () => @unlink($file));
    $GLOBALS['tls'] = ['verify_peer' => true, 'verify_peer_name' => true, 'cafile' => $file];
}

/** Returns [status, headers by lower-case name, body]; an HTTP error status is an answer too. */
function call(string $method, string $url, ?string $body = null, array $headers = []): array
{
    $context = stream_context_create(['http' => [
        'method' => $method, 'header' => implode("\r\n", $headers), 'content' => $body ?? '',
        'ignore_errors' => true, 'follow_location' => 0, 'timeout' => 10,
    ], 'ssl' => $GLOBALS['tls']]);
    $text = file_get_contents($url, false, $context);
    if ($text === false) {
        throw new RuntimeException("$method $url: no answer");
    }
    $status = (int) explode(' ', $http_response_header[0])[1];
    $names = [];
    foreach (array_slice($http_response_header, 1) as $line) {
        [$name, $value] = explode(':', $line, 2) + [1 => ''];
        $names[strtolower(trim($name))] = trim($value);
    }
    return [$status, $names, $text];
}

function stringToSign(string $uri, string $clientId, string $time, string $body): string
{
    return "POST $uri\n$clientId.$time.$body";
}

/** Whether the signature= value of a Signature header verifies the string with this key. */
function verify(string $text, ?string $header, $publicKey): bool
{
    if ($header === null || !preg_match('/(?:^|,)\s*signature=([^,]+)/i', $header, $match)) {
        return false;
    }
    $raw = base64_decode(rawurldecode($match[1]), true);
    return $raw !== false && openssl_verify($text, $raw, $publicKey, OPENSSL_ALGO_SHA256) === 1;
}

function assertSame($want, $got, string $context = ''): void
{
    if ($want !== $got) {
        throw new RuntimeException('want ' . json_encode($want) . ', got ' . json_encode($got) . ($context === '' ? '' : " ($context)"));
    }
}

[$mock, $output, $url] = startMock();
if (str_starts_with($url, 'https://')) {
    trustMockCertificate($url);
}
$admin = "$url/__admin";
// Your own key pair: this mock checks only that a signature is there (--client ID=key.pem verifies it).
$privateKey = openssl_pkey_new(['private_key_type' => OPENSSL_KEYTYPE_RSA, 'private_key_bits' => 2048]);

/** Sends BODY signed; returns [the Signature header sent, status, headers, body]. */
$syncStore = function () use ($url, $privateKey): array {
    $time = gmdate('Y-m-d\TH:i:s') . '+00:00';
    openssl_sign(stringToSign(SYNC_STORE, CLIENT_ID, $time, BODY), $raw, $privateKey, OPENSSL_ALGO_SHA256);
    $signature = 'algorithm=RSA256,keyVersion=1,signature=' . rawurlencode(base64_encode($raw));
    return [$signature, ...call('POST', $url . SYNC_STORE, BODY, [
        'Content-Type: application/json; charset=UTF-8',
        'Client-Id: ' . CLIENT_ID,
        "Request-Time: $time",
        "Signature: $signature",
    ])];
};
$scriptUnknownThenSuccess = function () use ($admin): void {
    [$status, , $text] = call('POST', "$admin/scripts", '{"operationId":"syncStore","steps":["UNKNOWN_EXCEPTION","SUCCESS"]}', ['Content-Type: application/json']);
    assertSame(201, $status, $text);
};

$tests = [
    'scripted U then S arrive in order' => function () use ($syncStore, $scriptUnknownThenSuccess) {
        $scriptUnknownThenSuccess();
        $results = [];
        for ($i = 0; $i < 2; $i++) {
            [, $status, , $text] = $syncStore();
            assertSame(200, $status);
            $result = json_decode($text, true)['result'];
            $results[] = "{$result['resultStatus']} {$result['resultCode']}";
        }
        assertSame(['U UNKNOWN_EXCEPTION', 'S SUCCESS'], $results);
    },
    'the journal holds what was sent' => function () use ($admin, $syncStore, $scriptUnknownThenSuccess) {
        $scriptUnknownThenSuccess();
        $sent = [$syncStore()[0], $syncStore()[0]];
        [$status, , $text] = call('GET', "$admin/requests?match.requestId=r-1");
        assertSame(200, $status, $text);
        $entries = json_decode($text, true);
        assertSame(['UNKNOWN_EXCEPTION', 'SUCCESS'], array_map(fn ($e) => $e['outcome']['name'], $entries));
        assertSame(['script', 'script'], array_map(fn ($e) => $e['outcome']['source'], $entries));
        assertSame($sent, array_map(fn ($e) => $e['headers']['signature'], $entries));
        foreach ($entries as $entry) {
            assertSame(['POST', SYNC_STORE, 'syncStore'], [$entry['method'], $entry['url'], $entry['operationId']]);
            assertSame(BODY, $entry['rawBody']);
            assertSame('s-1', $entry['body']['store']['posStoreId']);
            assertSame(CLIENT_ID, $entry['headers']['client-id']);
        }
    },
    "the answer's signature verifies with the platform key" => function () use ($admin, $syncStore) {
        // The bare base64 of the key's SPKI DER, made a PEM as the vendor's PHP SDK does.
        [$status, , $base64] = call('GET', "$admin/platform-key?format=base64");
        assertSame(200, $status, $base64);
        $platformKey = openssl_pkey_get_public(
            "-----BEGIN PUBLIC KEY-----\n" . wordwrap(trim($base64), 64, "\n", true) . "\n-----END PUBLIC KEY-----\n",
        );
        assertSame(true, $platformKey !== false, 'the platform key parses');
        [, $status, $headers, $text] = $syncStore();
        assertSame(200, $status);
        assertSame(CLIENT_ID, $headers['client-id'] ?? null);
        $signed = stringToSign(SYNC_STORE, $headers['client-id'], $headers['response-time'] ?? '', $text);
        assertSame(true, verify($signed, $headers['signature'] ?? null, $platformKey), 'signature: ' . ($headers['signature'] ?? 'none'));
        assertSame(false, verify("$signed ", $headers['signature'], $platformKey), 'a changed body must not verify');
    },
    'reset empties the journal' => function () use ($admin, $syncStore) {
        $syncStore();
        assertSame(1, count(json_decode(call('GET', "$admin/requests")[2], true)));
        assertSame(204, call('POST', "$admin/reset")[0]);
        assertSame([], json_decode(call('GET', "$admin/requests")[2], true));
    },
];

$passed = 0;
$failed = 0;
foreach ($tests as $name => $test) {
    try {
        assertSame(204, call('POST', "$admin/reset")[0], 'reset before each test');
        $test();
        $passed++;
        echo "PASS $name\n";
    } catch (Throwable $error) {
        $failed++;
        echo "FAIL $name: {$error->getMessage()}\n";
    }
}
echo "$passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
