// Calls the vendor's Java SDK client (DefaultAlipayClient.execute) once per call in the harness's job file and
// prints one JSON line per call. Written by this repo; the SDK's sources are compiled unmodified from its tree.
import com.alipay.global.api.DefaultAlipayClient;
import com.alipay.global.api.request.AlipayRequest;
import com.alipay.global.api.response.AlipayResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public final class StoreDriver {
  /** The answer: the SDK's own base response (a Result). */
  public static final class StoreResponse extends AlipayResponse {}

  /** syncStore's body as a partner's bean for the SDK would carry it: one property per top-level field. */
  public static final class SyncStoreRequest extends AlipayRequest<StoreResponse> {
    private final Map<String, Object> body;

    SyncStoreRequest(Map<String, Object> body) {
      this.body = body;
    }

    public Object getRequestId() {
      return body.get("requestId");
    }

    public Object getPosAccountId() {
      return body.get("posAccountId");
    }

    public Object getStore() {
      return body.get("store");
    }

    @Override
    public Class<StoreResponse> getResponseClass() {
      return StoreResponse.class;
    }
  }

  /** updateStore's body, the same way. */
  public static final class UpdateStoreRequest extends AlipayRequest<StoreResponse> {
    private final Map<String, Object> body;

    UpdateStoreRequest(Map<String, Object> body) {
      this.body = body;
    }

    public Object getStoreId() {
      return body.get("storeId");
    }

    public Object getName() {
      return body.get("name");
    }

    public Object getMultiLanguageDetails() {
      return body.get("multiLanguageDetails");
    }

    @Override
    public Class<StoreResponse> getResponseClass() {
      return StoreResponse.class;
    }
  }

  @SuppressWarnings("unchecked")
  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    JsonNode job = json.readTree(new File(args[0]));
    DefaultAlipayClient client =
        new DefaultAlipayClient(
            job.get("gatewayUrl").asText(),
            job.get("keys").get("partnerPkcs8Base64").asText(),
            job.get("keys").get("platformPublicKeyBase64").asText(),
            job.get("clientId").asText());
    for (JsonNode call : job.get("calls")) {
      String operation = call.get("operation").asText();
      Map<String, Object> body = json.convertValue(call.get("body"), LinkedHashMap.class);
      AlipayRequest<StoreResponse> request =
          operation.equals("syncStore") ? new SyncStoreRequest(body) : new UpdateStoreRequest(body);
      request.setPath(call.get("path").asText());
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("operation", operation);
      try {
        StoreResponse answer = client.execute(request);
        out.put("ok", true);
        out.put("result", answer.getResult());
      } catch (Exception e) {
        out.put("ok", false);
        out.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      System.out.println(json.writeValueAsString(out));
    }
  }
}
