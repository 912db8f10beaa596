// Both store APIs from Go's standard library: sign the exact bytes you send, verify the platform's signature on
// the answer, and act on S / F / U. Run: go run store_api.go
//
//	env: BASE_URL (default the mock, http://127.0.0.1:4010), CLIENT_ID, PRIVATE_KEY (PKCS#8 PEM file, default keys/private.pem),
//	     PLATFORM_PUBLIC_KEY (SPKI PEM file: verify every answer), TEST_VECTOR (check this signer and stop),
//	     PREFER (the mock only: the outcome to answer with, e.g. example=UNKNOWN_EXCEPTION)
package main

import (
	"bytes"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"
)

func env(name, fallback string) string {
	if value := os.Getenv(name); value != "" {
		return value
	}
	return fallback
}

func stringToSign(method, uri, clientID, requestTime, body string) string {
	return method + " " + uri + "\n" + clientID + "." + requestTime + "." + body
}

// sign: URL-encoded base64 SHA256withRSA of the string.
func sign(text string, key *rsa.PrivateKey) (string, error) {
	digest := sha256.Sum256([]byte(text))
	raw, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		return "", err
	}
	return url.QueryEscape(base64.StdEncoding.EncodeToString(raw)), nil
}

var signatureValue = regexp.MustCompile(`(?i)(?:^|,)\s*signature=([^,]+)`)

// verify: whether the signature= value of a Signature header (keys case-insensitive) verifies the string.
func verify(text, header string, key *rsa.PublicKey) bool {
	match := signatureValue.FindStringSubmatch(header)
	if match == nil {
		return false
	}
	decoded, err := url.QueryUnescape(match[1])
	if err != nil {
		return false
	}
	raw, err := base64.StdEncoding.DecodeString(decoded)
	if err != nil {
		return false
	}
	digest := sha256.Sum256([]byte(text))
	return rsa.VerifyPKCS1v15(key, crypto.SHA256, digest[:], raw) == nil
}

func privateKey(text []byte) (*rsa.PrivateKey, error) {
	block, _ := pem.Decode(text)
	if block == nil {
		return nil, errors.New("no PEM private key")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	return key.(*rsa.PrivateKey), nil
}

func publicKey(text []byte) (*rsa.PublicKey, error) {
	block, _ := pem.Decode(text)
	if block == nil {
		return nil, errors.New("no PEM public key")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	return key.(*rsa.PublicKey), nil
}

// A redirect would re-send the signed body elsewhere: never follow one.
var client = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// call sends one operation; it retries a U with the same bytes, re-signed, at most 3 times.
func call(operation, uri, body string, key *rsa.PrivateKey, platform *rsa.PublicKey) error {
	clientID := env("CLIENT_ID", "TEST_5X00000000000000")
	for attempt := 1; ; attempt++ {
		requestTime := time.Now().UTC().Format("2006-01-02T15:04:05+00:00")
		signature, err := sign(stringToSign("POST", uri, clientID, requestTime, body), key)
		if err != nil {
			return err
		}
		request, err := http.NewRequest("POST", env("BASE_URL", "http://127.0.0.1:4010")+uri, bytes.NewBufferString(body))
		if err != nil {
			return err
		}
		request.Header.Set("Content-Type", "application/json; charset=UTF-8")
		request.Header.Set("Client-Id", clientID)
		request.Header.Set("Request-Time", requestTime)
		request.Header.Set("Signature", "algorithm=RSA256,keyVersion=1,signature="+signature)
		if prefer := env("PREFER", ""); prefer != "" {
			request.Header.Set("Prefer", prefer)
		}
		response, err := client.Do(request)
		if err != nil {
			return err
		}
		answer, err := io.ReadAll(io.LimitReader(response.Body, 1<<20))
		response.Body.Close()
		if err != nil {
			return err
		}
		if response.StatusCode != 200 {
			return fmt.Errorf("%s: HTTP %d", operation, response.StatusCode)
		}
		if platform != nil {
			signed := stringToSign("POST", uri, response.Header.Get("client-id"), response.Header.Get("response-time"), string(answer))
			if !verify(signed, response.Header.Get("signature"), platform) {
				return fmt.Errorf("%s: the answer's signature does not verify", operation)
			}
		}
		var parsed struct {
			Result struct{ ResultStatus, ResultCode, ResultMessage string }
		}
		if err := json.Unmarshal(answer, &parsed); err != nil {
			return err
		}
		result := parsed.Result
		if result.ResultStatus == "U" && attempt < 3 {
			continue // unknown: send the same request again
		}
		note := ""
		if result.ResultStatus == "U" {
			note = fmt.Sprintf(" (still unknown after %d attempts: retry later with the same body)", attempt)
		}
		if result.ResultStatus == "F" {
			note = " (do not retry: " + result.ResultMessage + ")"
		}
		fmt.Printf("%s: %s %s%s\n", operation, result.ResultStatus, result.ResultCode, note)
		if diagnosis := response.Header.Get("x-mock-diagnosis"); diagnosis != "" {
			fmt.Println("diagnosis: " + diagnosis)
		}
		return nil
	}
}

// checkVector checks this signer against the published test vector (a PUBLIC TEST KEY, never a partner's).
func checkVector(path string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	type side struct{ Method, URI, ClientID, RequestTime, ResponseTime, Body, StringToSign, SignatureHeader string }
	var vector struct {
		PublicTestKey     struct{ PrivateKey, PublicKey string }
		Request, Response side
	}
	if err := json.Unmarshal(text, &vector); err != nil {
		return err
	}
	key, err := privateKey([]byte(vector.PublicTestKey.PrivateKey))
	if err != nil {
		return err
	}
	public, err := publicKey([]byte(vector.PublicTestKey.PublicKey))
	if err != nil {
		return err
	}
	req, res := vector.Request, vector.Response
	reqString := stringToSign(req.Method, req.URI, req.ClientID, req.RequestTime, req.Body)
	signature, err := sign(reqString, key)
	if err != nil {
		return err
	}
	stringOK := reqString == req.StringToSign
	signatureOK := "algorithm=RSA256,keyVersion=1,signature="+signature == req.SignatureHeader
	responseOK := verify(stringToSign(res.Method, res.URI, res.ClientID, res.ResponseTime, res.Body), res.SignatureHeader, public)
	word := func(ok bool, yes, no string) string {
		if ok {
			return yes
		}
		return no
	}
	fmt.Println("test vector: string to sign " + word(stringOK, "matches", "DIFFERS") + "; request signature " +
		word(signatureOK, "matches", "DIFFERS") + "; response signature " + word(responseOK, "verifies", "DOES NOT VERIFY"))
	if !(stringOK && signatureOK && responseOK) {
		return errors.New("the test vector does not match")
	}
	return nil
}

func run() error {
	if path := env("TEST_VECTOR", ""); path != "" {
		return checkVector(path)
	}
	text, err := os.ReadFile(env("PRIVATE_KEY", "keys/private.pem"))
	if err != nil {
		return err
	}
	key, err := privateKey(text)
	if err != nil {
		return err
	}
	var platform *rsa.PublicKey
	if path := env("PLATFORM_PUBLIC_KEY", ""); path != "" {
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if platform, err = publicKey(text); err != nil {
			return err
		}
	}
	// One requestId per change; the same one (same bytes) for every retry of it.
	requestID := fmt.Sprintf("go-%d", time.Now().UnixMilli())
	syncBody := `{"requestId":"` + requestID + `","posAccountId":"pos_account_id_001","store":{"posStoreId":"pos_store_id_001","name":"Store A","status":"OPEN"}}`
	if err := call("syncStore", "/v2/pos/syncStore", syncBody, key, platform); err != nil {
		return err
	}
	updateBody := `{"storeId":"000000032","name":"MOM FOOD","description":"ร้านอาหาร 妈妈美食"}`
	return call("updateStore", "/v2/pds/store/updateStore", strings.TrimSpace(updateBody), key, platform)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
