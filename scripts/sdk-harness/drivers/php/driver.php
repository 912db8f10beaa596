<?php
// Calls the vendor's PHP SDK client (DefaultAlipayClient->execute) once per call in the harness's job file and
// prints one JSON line per call. Written by this repo; the SDK is loaded unmodified from its tree (argv[1]).

// The SDK's composer.json autoload map (PSR-4), without composer.
spl_autoload_register(function ($class) use ($argv) {
    $roots = ['Request\\' => 'request/', 'Response\\' => 'response/', 'Model\\' => 'model/', 'Client\\' => 'client/'];
    foreach ($roots as $prefix => $dir) {
        if (strncmp($class, $prefix, strlen($prefix)) === 0) {
            $file = $argv[1] . '/' . $dir . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
            if (is_file($file)) {
                require $file;
            }
            return;
        }
    }
});

// A request the SDK has no class for, written the way its own request classes are (JsonSerializable).
class StoreRequest extends \Request\AlipayRequest implements \JsonSerializable
{
    private $body;

    public function __construct($path, $body)
    {
        $this->setPath($path);
        $this->body = $body;
    }

    public function jsonSerialize(): mixed
    {
        return $this->body;
    }
}

$job = json_decode(file_get_contents($argv[2]));
$client = new \Client\DefaultAlipayClient(
    $job->gatewayUrl,
    $job->keys->partnerPkcs1Base64,
    $job->keys->platformPublicKeyBase64,
    $job->clientId
);
foreach ($job->calls as $call) {
    $out = ['operation' => $call->operation];
    try {
        $answer = $client->execute(new StoreRequest($call->path, $call->body));
        $out['ok'] = true;
        $out['result'] = $answer->result;
    } catch (\Throwable $e) {
        $out['ok'] = false;
        $out['error'] = get_class($e) . ': ' . $e->getMessage();
    }
    echo json_encode($out, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
}
