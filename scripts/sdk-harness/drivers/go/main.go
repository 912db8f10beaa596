// Calls the vendor's Go SDK client (DefaultAlipayClient.Execute) once per call in the harness's job file and
// prints one JSON line per call. Written by this repo; the SDK itself is taken unmodified from its tree.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	defaultAlipayClient "github.com/alipay/global-open-sdk-go/com/alipay/api"
	"github.com/alipay/global-open-sdk-go/com/alipay/api/request"
)

type call struct {
	Operation string          `json:"operation"`
	Path      string          `json:"path"`
	Body      json.RawMessage `json:"body"`
}

type job struct {
	GatewayURL string `json:"gatewayUrl"`
	ClientID   string `json:"clientId"`
	Keys       struct {
		PartnerPkcs8Base64      string `json:"partnerPkcs8Base64"`
		PlatformPublicKeyBase64 string `json:"platformPublicKeyBase64"`
	} `json:"keys"`
	Calls []call `json:"calls"`
}

type storeResponse struct {
	Result struct {
		ResultCode    string `json:"resultCode"`
		ResultStatus  string `json:"resultStatus"`
		ResultMessage string `json:"resultMessage"`
	} `json:"result"`
}

func main() {
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var j job
	if err := json.Unmarshal(raw, &j); err != nil {
		panic(err)
	}
	client := defaultAlipayClient.NewDefaultAlipayClient(j.GatewayURL, j.ClientID, j.Keys.PartnerPkcs8Base64, j.Keys.PlatformPublicKeyBase64)
	for _, c := range j.Calls {
		// The body as a generic value: the SDK marshals it with encoding/json (object keys sorted).
		var body any
		if err := json.Unmarshal(c.Body, &body); err != nil {
			panic(err)
		}
		out := map[string]any{"operation": c.Operation}
		answer, err := client.Execute(request.NewAlipayRequest(body, c.Path, &storeResponse{}))
		if err != nil {
			out["ok"] = false
			out["error"] = err.Error()
		} else {
			out["ok"] = true
			out["result"] = answer.(*storeResponse).Result
		}
		line, _ := json.Marshal(out)
		fmt.Println(string(line))
	}
}
