// Not the SDK's class: a stand-in written by this repo for the one SDK source that does not compile against Debian's
// httpclient5 5.2 (its HttpAsyncClientBuilder has no disableContentCompression). The SDK uses it only for
// POST /ams/api/v1/meter/uploadEvent over HTTP/2; execute() on any other path never reaches it.
package com.alipay.global.api;

final class Http2JsonTransport {
  private Http2JsonTransport() {}

  static String post(String gatewayUrl, String path, String sessionId, String requestBody) {
    throw new UnsupportedOperationException("session HTTP/2 transport not built (needs httpclient5 5.4 or later)");
  }
}
