// Both store APIs from JDK 17 alone (java.net.http, java.security): sign the exact bytes you send, verify the
// platform's signature on the answer, and act on S / F / U. Run: java StoreApi.java
//   env: BASE_URL (default the mock, http://127.0.0.1:4010), CLIENT_ID, PRIVATE_KEY (PKCS#8 PEM file, default keys/private.pem),
//        PLATFORM_PUBLIC_KEY (SPKI PEM file: verify every answer), TEST_VECTOR (check this signer and stop),
//        PREFER (the mock only: the outcome to answer with, e.g. example=UNKNOWN_EXCEPTION)
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class StoreApi {
  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isEmpty() ? fallback : value;
  }

  static byte[] pem(String text) {
    return Base64.getDecoder().decode(text.replaceAll("-----[^-]+-----|\\s", ""));
  }

  static String stringToSign(String method, String uri, String clientId, String time, String body) {
    return method + " " + uri + "\n" + clientId + "." + time + "." + body;
  }

  /** URL-encoded base64 SHA256withRSA of the string, UTF-8. */
  static String sign(String text, PrivateKey key) throws Exception {
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(text.getBytes(StandardCharsets.UTF_8));
    return URLEncoder.encode(Base64.getEncoder().encodeToString(signer.sign()), StandardCharsets.UTF_8);
  }

  /** Whether the signature= value of a Signature header (keys case-insensitive) verifies the string. */
  static boolean verify(String text, String header, PublicKey key) throws Exception {
    Matcher m = Pattern.compile("(?i)(?:^|,)\\s*signature=([^,]+)").matcher(header == null ? "" : header);
    if (!m.find()) return false;
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(text.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)));
  }

  /** A JSON string field's value (enough for these flat answers; use your JSON library in real code). */
  static String field(String json, String name) {
    int at = json.indexOf("\"" + name + "\"");
    if (at < 0) return null;
    at = json.indexOf('"', json.indexOf(':', at + name.length() + 2) + 1);
    StringBuilder out = new StringBuilder();
    for (int i = at + 1; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '"') return out.toString();
      if (c != '\\') { out.append(c); continue; }
      char e = json.charAt(++i);
      switch (e) {
        case 'n': out.append('\n'); break;
        case 't': out.append('\t'); break;
        case 'r': out.append('\r'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'u': out.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16)); i += 4; break;
        default: out.append(e);
      }
    }
    return null;
  }

  static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  /** Sends one operation; retries a U (or no answer) with the same bytes, re-signed, at most 3 times. */
  static void call(String operation, String uri, String body, PrivateKey key, PublicKey platform) throws Exception {
    String clientId = env("CLIENT_ID", "TEST_5X00000000000000");
    for (int attempt = 1; ; attempt++) {
      String time = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
      String signature = sign(stringToSign("POST", uri, clientId, time, body), key);
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env("BASE_URL", "http://127.0.0.1:4010") + uri))
          .header("Content-Type", "application/json; charset=UTF-8")
          .header("Client-Id", clientId)
          .header("Request-Time", time)
          .header("Signature", "algorithm=RSA256,keyVersion=1,signature=" + signature)
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
      if (!env("PREFER", "").isEmpty()) request.header("Prefer", env("PREFER", ""));
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      String answer = response.body();
      if (response.statusCode() != 200) throw new IllegalStateException(operation + ": HTTP " + response.statusCode());
      if (platform != null) {
        String signed = stringToSign("POST", uri, response.headers().firstValue("client-id").orElse(""),
            response.headers().firstValue("response-time").orElse(""), answer);
        if (!verify(signed, response.headers().firstValue("signature").orElse(null), platform))
          throw new IllegalStateException(operation + ": the answer's signature does not verify");
      }
      String status = field(answer, "resultStatus"), code = field(answer, "resultCode");
      if ("U".equals(status) && attempt < 3) continue; // unknown: send the same request again
      System.out.println(operation + ": " + status + " " + code
          + ("U".equals(status) ? " (still unknown after " + attempt + " attempts: retry later with the same body)" : "")
          + ("F".equals(status) ? " (do not retry: " + field(answer, "resultMessage") + ")" : ""));
      response.headers().firstValue("x-mock-diagnosis").ifPresent(d -> System.out.println("diagnosis: " + d));
      return;
    }
  }

  /** Checks this signer against the published test vector (a PUBLIC TEST KEY, never a partner's). */
  static void checkVector(String path) throws Exception {
    String json = Files.readString(Path.of(path), StandardCharsets.UTF_8);
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(field(json, "privateKey"))));
    PublicKey publicKey = rsa.generatePublic(new X509EncodedKeySpec(pem(field(json, "publicKey"))));
    String[] request = json.split("\"response\"")[0].split("\"request\"");
    String[] parts = {request[1], json.split("\"response\"")[1]};
    String req = parts[0], res = parts[1];
    String reqString = stringToSign(field(req, "method"), field(req, "uri"), field(req, "clientId"), field(req, "requestTime"), field(req, "body"));
    boolean stringOk = reqString.equals(field(req, "stringToSign"));
    boolean signatureOk = ("algorithm=RSA256,keyVersion=1,signature=" + sign(reqString, key)).equals(field(req, "signatureHeader"));
    String resString = stringToSign(field(res, "method"), field(res, "uri"), field(res, "clientId"), field(res, "responseTime"), field(res, "body"));
    boolean responseOk = verify(resString, field(res, "signatureHeader"), publicKey);
    System.out.println("test vector: string to sign " + (stringOk ? "matches" : "DIFFERS") + "; request signature "
        + (signatureOk ? "matches" : "DIFFERS") + "; response signature " + (responseOk ? "verifies" : "DOES NOT VERIFY"));
    if (!(stringOk && signatureOk && responseOk)) System.exit(1);
  }

  public static void main(String[] args) throws Exception {
    if (!env("TEST_VECTOR", "").isEmpty()) { checkVector(env("TEST_VECTOR", "")); return; }
    KeyFactory rsa = KeyFactory.getInstance("RSA");
    PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(pem(Files.readString(Path.of(env("PRIVATE_KEY", "keys/private.pem"))))));
    PublicKey platform = env("PLATFORM_PUBLIC_KEY", "").isEmpty() ? null
        : rsa.generatePublic(new X509EncodedKeySpec(pem(Files.readString(Path.of(env("PLATFORM_PUBLIC_KEY", ""))))));
    // One requestId per change; the same one (same bytes) for every retry of it.
    String requestId = "java-" + System.currentTimeMillis();
    call("syncStore", "/v2/pos/syncStore", "{\"requestId\":\"" + requestId
        + "\",\"posAccountId\":\"pos_account_id_001\",\"store\":{\"posStoreId\":\"pos_store_id_001\",\"name\":\"Store A\",\"status\":\"OPEN\"}}", key, platform);
    call("updateStore", "/v2/pds/store/updateStore", "{\"storeId\":\"000000032\",\"name\":\"MOM FOOD\",\"description\":\"ร้านอาหาร 妈妈美食\"}", key, platform);
  }
}
