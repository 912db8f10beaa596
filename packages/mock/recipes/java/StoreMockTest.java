// The store-API mock from a JDK 17 test, nothing else on the class path: start it, script U then S through its
// admin API, send a signed syncStore twice, read what it received from its journal, verify its signed answer, reset
// it. With JUnit, the methods below are @Test methods and main() is JUnit's runner. Run: java StoreMockTest.java
//   env: STORE_API_MOCK_COMMAND (default `npx store-api-mock --port 0`; split at spaces). With `--tls` added, the
//   same tests run over HTTPS, trusting only the certificate the mock serves (a truststore made in memory).
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

public class StoreMockTest {
  static final String CLIENT_ID = "TEST_5X00000000000000";
  static final String SYNC_STORE = "/v2/pos/syncStore";
  static final String BODY =
      "{\"requestId\":\"r-1\",\"posAccountId\":\"a-1\",\"store\":{\"posStoreId\":\"s-1\",\"name\":\"Store A\",\"status\":\"OPEN\"}}";
  // The mock is on this machine: never through a proxy. Over HTTPS, trustMockCertificate() replaces it.
  static HttpClient HTTP = client(null);

  static HttpClient client(SSLContext tls) {
    HttpClient.Builder builder = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY)
        .connectTimeout(Duration.ofSeconds(10));
    return (tls == null ? builder : builder.sslContext(tls)).build();
  }

  static Process mock;
  static String url;
  static String admin;
  static KeyPair keys;

  // ---- the mock as a process ---------------------------------------------------------------------------------

  static Thread reader;

  /** Starts the mock and waits, at most 30 s, for its banner's `listening on <url>`. */
  static void startMock() throws Exception {
    String command = Objects.requireNonNullElse(System.getenv("STORE_API_MOCK_COMMAND"), "npx store-api-mock --port 0");
    mock = new ProcessBuilder(command.trim().split("\\s+")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    mock.getOutputStream().close();
    CompletableFuture<String> banner = new CompletableFuture<>();
    // Reads every line (the mock never blocks on a full pipe) and ends once every process holding it has exited.
    reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(mock.getInputStream(), StandardCharsets.UTF_8))) {
        Pattern listening = Pattern.compile("listening on (https?://\\S+)");
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = listening.matcher(line);
          if (!banner.isDone() && m.find()) banner.complete(m.group(1));
        }
      } catch (java.io.IOException ignored) {
      }
      banner.completeExceptionally(new IllegalStateException("the mock exited before listening"));
    });
    reader.setDaemon(true);
    reader.start();
    try {
      url = banner.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      stopMock();
      throw e;
    }
    admin = url + "/__admin";
    System.out.println("mock at " + url);
    if (url.startsWith("https://")) {
      try {
        trustMockCertificate();
      } catch (Exception e) {
        stopMock();
        throw e;
      }
    }
  }

  /**
   * Trusts the certificate the mock (--tls) made at start, and no other: it is fetched once without checking, from
   * the mock this test started itself, and becomes the one entry of a truststore (`keytool -importcert` makes the same
   * as a file, for -Djavax.net.ssl.trustStore). The vendor's Java SDK needs none: it checks only the host name.
   */
  static void trustMockCertificate() throws Exception {
    X509TrustManager anyone = new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] chain, String type) {}
      public void checkServerTrusted(X509Certificate[] chain, String type) {}
      public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
    SSLContext unchecked = SSLContext.getInstance("TLS");
    unchecked.init(null, new TrustManager[] {anyone}, null);
    HttpResponse<String> pem = client(unchecked).send(HttpRequest.newBuilder(URI.create(admin + "/tls-certificate"))
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
    equal(200, pem.statusCode(), pem.body());
    Certificate certificate = CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(pem.body().getBytes(StandardCharsets.US_ASCII)));
    KeyStore truststore = KeyStore.getInstance(KeyStore.getDefaultType());
    truststore.load(null, null);
    truststore.setCertificateEntry("store-api-mock", certificate);
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(truststore);
    SSLContext trusted = SSLContext.getInstance("TLS");
    trusted.init(null, trust.getTrustManagers(), null);
    HTTP = client(trusted);
  }

  /** SIGTERM to the mock and what started it (npx runs it as a grandchild it does not stop), a kill after 5 s. */
  static void stopMock() throws InterruptedException {
    if (mock == null) return;
    List<ProcessHandle> tree = new ArrayList<>(mock.descendants().toList());
    tree.add(mock.toHandle());
    tree.forEach(ProcessHandle::destroy);
    reader.join(5_000);
    if (reader.isAlive()) tree.forEach(ProcessHandle::destroyForcibly);
    reader.join(5_000);
    mock.waitFor(5, TimeUnit.SECONDS);
  }

  // ---- HTTP, signing, JSON -----------------------------------------------------------------------------------

  static HttpResponse<String> call(String method, String target, String body, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) request.headers(headers);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  static String stringToSign(String uri, String clientId, String time, String body) {
    return "POST " + uri + "\n" + clientId + "." + time + "." + body;
  }

  /** Whether the signature= value of a Signature header verifies the string with this key. */
  static boolean verify(String text, String header, PublicKey key) throws Exception {
    Matcher m = Pattern.compile("(?i)(?:^|,)\\s*signature=([^,]+)").matcher(header == null ? "" : header);
    if (!m.find()) return false;
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(key);
    verifier.update(text.getBytes(StandardCharsets.UTF_8));
    return verifier.verify(Base64.getDecoder().decode(URLDecoder.decode(m.group(1), StandardCharsets.UTF_8)));
  }

  /** Sends BODY signed with this test's own key; returns the Signature header sent and the answer. */
  static Map.Entry<String, HttpResponse<String>> syncStore() throws Exception {
    String time = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(keys.getPrivate());
    signer.update(stringToSign(SYNC_STORE, CLIENT_ID, time, BODY).getBytes(StandardCharsets.UTF_8));
    String signature = "algorithm=RSA256,keyVersion=1,signature="
        + URLEncoder.encode(Base64.getEncoder().encodeToString(signer.sign()), StandardCharsets.UTF_8);
    HttpResponse<String> answer = call("POST", url + SYNC_STORE, BODY, "Content-Type", "application/json; charset=UTF-8",
        "Client-Id", CLIENT_ID, "Request-Time", time, "Signature", signature);
    return Map.entry(signature, answer);
  }

  static void scriptUnknownThenSuccess() throws Exception {
    HttpResponse<String> created = call("POST", admin + "/scripts",
        "{\"operationId\":\"syncStore\",\"steps\":[\"UNKNOWN_EXCEPTION\",\"SUCCESS\"]}", "Content-Type", "application/json");
    equal(201, created.statusCode(), created.body());
  }

  /** A small JSON reader (objects as Map, arrays as List); in your project, your JSON library. */
  static Object json(String text) {
    return new Object() {
      int at = 0;

      Object value() {
        skip();
        char c = text.charAt(at);
        if (c == '{') {
          Map<String, Object> object = new LinkedHashMap<>();
          at++;
          skip();
          if (text.charAt(at) == '}') { at++; return object; }
          do {
            skip();
            String key = (String) value();
            skip();
            at++; // ':'
            object.put(key, value());
            skip();
          } while (text.charAt(at++) == ',');
          return object;
        }
        if (c == '[') {
          List<Object> array = new ArrayList<>();
          at++;
          skip();
          if (text.charAt(at) == ']') { at++; return array; }
          do array.add(value()); while (next() == ',');
          return array;
        }
        if (c == '"') {
          StringBuilder out = new StringBuilder();
          for (at++; text.charAt(at) != '"'; at++) {
            char ch = text.charAt(at);
            if (ch != '\\') { out.append(ch); continue; }
            char e = text.charAt(++at);
            switch (e) {
              case 'n': out.append('\n'); break;
              case 't': out.append('\t'); break;
              case 'r': out.append('\r'); break;
              case 'b': out.append('\b'); break;
              case 'f': out.append('\f'); break;
              case 'u': out.append((char) Integer.parseInt(text.substring(at + 1, at + 5), 16)); at += 4; break;
              default: out.append(e);
            }
          }
          at++;
          return out.toString();
        }
        int start = at;
        while (at < text.length() && "{}[],: \t\r\n".indexOf(text.charAt(at)) < 0) at++;
        String word = text.substring(start, at);
        if (word.equals("true") || word.equals("false")) return Boolean.valueOf(word);
        if (word.equals("null")) return null;
        return Double.valueOf(word);
      }

      char next() {
        skip();
        return text.charAt(at++);
      }

      void skip() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) at++;
      }
    }.value();
  }

  @SuppressWarnings("unchecked")
  static Object at(Object json, String... path) {
    for (String key : path) json = key.matches("\\d+") ? ((List<Object>) json).get(Integer.parseInt(key)) : ((Map<String, Object>) json).get(key);
    return json;
  }

  static void equal(Object want, Object got, String... context) {
    if (!Objects.equals(want, got))
      throw new AssertionError("want " + want + ", got " + got + (context.length > 0 ? " (" + String.join(" ", context) + ")" : ""));
  }

  // ---- the tests ---------------------------------------------------------------------------------------------

  static void beforeEach() throws Exception {
    equal(204, call("POST", admin + "/reset", null).statusCode());
  }

  static void scriptedUnknownThenSuccessArriveInOrder() throws Exception {
    scriptUnknownThenSuccess();
    List<String> results = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> answer = syncStore().getValue();
      equal(200, answer.statusCode());
      Object result = at(json(answer.body()), "result");
      results.add(at(result, "resultStatus") + " " + at(result, "resultCode"));
    }
    equal(List.of("U UNKNOWN_EXCEPTION", "S SUCCESS"), results);
  }

  static void journalHoldsWhatWasSent() throws Exception {
    scriptUnknownThenSuccess();
    List<String> sent = List.of(syncStore().getKey(), syncStore().getKey());
    HttpResponse<String> found = call("GET", admin + "/requests?match.requestId=r-1", null);
    equal(200, found.statusCode(), found.body());
    List<?> entries = (List<?>) json(found.body());
    equal(2, entries.size(), found.body());
    List<String> outcomes = new ArrayList<>(), sources = new ArrayList<>(), signatures = new ArrayList<>();
    for (Object entry : entries) {
      outcomes.add((String) at(entry, "outcome", "name"));
      sources.add((String) at(entry, "outcome", "source"));
      signatures.add((String) at(entry, "headers", "signature"));
      equal(List.of("POST", SYNC_STORE, "syncStore"), List.of(at(entry, "method"), at(entry, "url"), at(entry, "operationId")));
      equal(BODY, at(entry, "rawBody"));
      equal("s-1", at(entry, "body", "store", "posStoreId"));
      equal(CLIENT_ID, at(entry, "headers", "client-id"));
    }
    equal(List.of("UNKNOWN_EXCEPTION", "SUCCESS"), outcomes);
    equal(List.of("script", "script"), sources);
    equal(sent, signatures);
  }

  static void answerSignatureVerifiesWithThePlatformKey() throws Exception {
    // The bare base64 of the key's SPKI DER, as the vendor's Java SDK takes it.
    HttpResponse<String> key = call("GET", admin + "/platform-key?format=base64", null);
    equal(200, key.statusCode(), key.body());
    PublicKey platform = KeyFactory.getInstance("RSA")
        .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(key.body().trim())));
    HttpResponse<String> answer = syncStore().getValue();
    equal(200, answer.statusCode());
    String clientId = answer.headers().firstValue("client-id").orElse("");
    equal(CLIENT_ID, clientId);
    String signed = stringToSign(SYNC_STORE, clientId, answer.headers().firstValue("response-time").orElse(""), answer.body());
    String signature = answer.headers().firstValue("signature").orElse(null);
    equal(true, verify(signed, signature, platform), "signature: " + signature);
    equal(false, verify(signed + " ", signature, platform), "a changed body must not verify");
  }

  static void resetEmptiesTheJournal() throws Exception {
    syncStore();
    equal(1, ((List<?>) json(call("GET", admin + "/requests", null).body())).size());
    equal(204, call("POST", admin + "/reset", null).statusCode());
    equal(List.of(), json(call("GET", admin + "/requests", null).body()));
  }

  interface Test {
    void run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Map<String, Test> tests = new LinkedHashMap<>();
    tests.put("scripted U then S arrive in order", StoreMockTest::scriptedUnknownThenSuccessArriveInOrder);
    tests.put("the journal holds what was sent", StoreMockTest::journalHoldsWhatWasSent);
    tests.put("the answer's signature verifies with the platform key", StoreMockTest::answerSignatureVerifiesWithThePlatformKey);
    tests.put("reset empties the journal", StoreMockTest::resetEmptiesTheJournal);
    int passed = 0, failed = 0;
    try {
      startMock();
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      // Your own key pair: this mock checks only that a signature is there (--client ID=key.pem verifies it).
      keys = generator.generateKeyPair();
      for (Map.Entry<String, Test> test : tests.entrySet()) {
        try {
          beforeEach();
          test.getValue().run();
          passed++;
          System.out.println("PASS " + test.getKey());
        } catch (Throwable e) {
          failed++;
          System.out.println("FAIL " + test.getKey() + ": " + e);
        }
      }
    } finally {
      stopMock();
    }
    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 && passed == tests.size() ? 0 : 1);
  }
}
