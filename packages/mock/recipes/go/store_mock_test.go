// The store-API mock from `go test`, standard library only (Go 1.19+): start it, script U then S through its admin
// API, send a signed syncStore twice, read what it received from its journal, verify its signed answer, reset it.
// Run: go test -v (on Linux or macOS: it stops the mock by its process group)
//
//	env: STORE_API_MOCK_COMMAND (default `npx store-api-mock --port 0`; split at spaces). With `--tls` added, the
//	same tests run over HTTPS, trusting only the certificate the mock serves.
package storemock

import (
	"bufio"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

const (
	clientID  = "TEST_5X00000000000000"
	syncStore = "/v2/pos/syncStore"
	body      = `{"requestId":"r-1","posAccountId":"a-1","store":{"posStoreId":"s-1","name":"Store A","status":"OPEN"}}`
)

var (
	baseURL, admin string
	key            *rsa.PrivateKey
	// The mock is on this machine: never through a proxy.
	client = &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil}}
)

// startMock starts the mock and waits, at most 30 s, for its banner's `listening on <url>`.
func startMock() (*mockProcess, error) {
	command := os.Getenv("STORE_API_MOCK_COMMAND")
	if command == "" {
		command = "npx store-api-mock --port 0"
	}
	words := strings.Fields(command)
	cmd := exec.Command(words[0], words[1:]...)
	cmd.Stderr = os.Stderr
	// Its own process group: npx runs the mock as a grandchild, which a signal to npx alone leaves running.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	out, in, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	cmd.Stdout = in
	err = cmd.Start()
	in.Close()
	if err != nil {
		out.Close()
		return nil, err
	}
	mock := &mockProcess{cmd: cmd, closed: make(chan struct{})}
	found := make(chan string, 1)
	go func() {
		// Reads every line (the mock never blocks on a full pipe); ends once every process holding it has exited.
		defer close(mock.closed)
		defer out.Close()
		lines := bufio.NewScanner(out)
		listening := regexp.MustCompile(`listening on (https?://\S+)`)
		for lines.Scan() {
			if m := listening.FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		close(found)
		io.Copy(io.Discard, out)
	}()
	select {
	case u, ok := <-found:
		if ok {
			baseURL, admin = u, u+"/__admin"
			fmt.Println("mock at " + u)
			if strings.HasPrefix(u, "https://") {
				err = trustMockCertificate()
			}
			if err == nil {
				return mock, nil
			}
			break
		}
		err = errors.New("the mock exited before listening")
	case <-time.After(30 * time.Second):
		err = errors.New("the mock did not listen within 30 s")
	}
	mock.stop()
	return nil, err
}

// trustMockCertificate makes the client trust the certificate the mock (--tls) made at start, and no other: it is
// fetched once without checking, from the mock this test started itself. The vendor's Go SDK, which uses Go's
// default roots, takes the same file as SSL_CERT_FILE.
func trustMockCertificate() error {
	unchecked := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{Proxy: nil,
		TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	response, err := unchecked.Get(admin + "/tls-certificate")
	if err != nil {
		return err
	}
	defer response.Body.Close()
	pem, err := io.ReadAll(io.LimitReader(response.Body, 64<<10))
	if err != nil {
		return err
	}
	trusted := x509.NewCertPool()
	if response.StatusCode != 200 || !trusted.AppendCertsFromPEM(pem) {
		return fmt.Errorf("tls-certificate: HTTP %d %s", response.StatusCode, pem)
	}
	client.Transport = &http.Transport{Proxy: nil, TLSClientConfig: &tls.Config{RootCAs: trusted}}
	return nil
}

type mockProcess struct {
	cmd    *exec.Cmd
	closed chan struct{}
}

// stop sends SIGTERM to the mock's process group (npx and the mock), then SIGKILL after 5 s.
func (mock *mockProcess) stop() {
	for _, signal := range []syscall.Signal{syscall.SIGTERM, syscall.SIGKILL} {
		syscall.Kill(-mock.cmd.Process.Pid, signal)
		select {
		case <-mock.closed:
			mock.cmd.Wait()
			return
		case <-time.After(5 * time.Second):
		}
	}
	mock.cmd.Wait()
}

func TestMain(m *testing.M) {
	mock, err := startMock()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Your own key pair: this mock checks only that a signature is there (--client ID=key.pem verifies it).
	if key, err = rsa.GenerateKey(rand.Reader, 2048); err != nil {
		mock.stop()
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	mock.stop()
	os.Exit(code)
}

type answer struct {
	status  int
	headers http.Header
	body    string
}

func call(t *testing.T, method, target, payload string, headers map[string]string) answer {
	t.Helper()
	request, err := http.NewRequest(method, target, strings.NewReader(payload))
	if err != nil {
		t.Fatal(err)
	}
	for name, value := range headers {
		request.Header.Set(name, value)
	}
	response, err := client.Do(request)
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	text, err := io.ReadAll(io.LimitReader(response.Body, 8<<20))
	if err != nil {
		t.Fatal(err)
	}
	return answer{response.StatusCode, response.Header, string(text)}
}

func stringToSign(uri, clientID, signedTime, body string) string {
	return "POST " + uri + "\n" + clientID + "." + signedTime + "." + body
}

var signatureValue = regexp.MustCompile(`(?i)(?:^|,)\s*signature=([^,]+)`)

// verify: whether the signature= value of a Signature header verifies the string with this key.
func verify(text, header string, key *rsa.PublicKey) bool {
	m := signatureValue.FindStringSubmatch(header)
	if m == nil {
		return false
	}
	decoded, err := url.QueryUnescape(m[1])
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

// sendSyncStore sends body signed with this test's own key; it returns the Signature header sent and the answer.
func sendSyncStore(t *testing.T) (string, answer) {
	t.Helper()
	requestTime := time.Now().UTC().Format("2006-01-02T15:04:05+00:00")
	digest := sha256.Sum256([]byte(stringToSign(syncStore, clientID, requestTime, body)))
	raw, err := rsa.SignPKCS1v15(rand.Reader, key, crypto.SHA256, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	signature := "algorithm=RSA256,keyVersion=1,signature=" + url.QueryEscape(base64.StdEncoding.EncodeToString(raw))
	return signature, call(t, "POST", baseURL+syncStore, body, map[string]string{
		"Content-Type": "application/json; charset=UTF-8",
		"Client-Id":    clientID,
		"Request-Time": requestTime,
		"Signature":    signature,
	})
}

func reset(t *testing.T) {
	t.Helper()
	if got := call(t, "POST", admin+"/reset", "", nil); got.status != 204 {
		t.Fatalf("reset: HTTP %d %s", got.status, got.body)
	}
}

func scriptUnknownThenSuccess(t *testing.T) {
	t.Helper()
	script := `{"operationId":"syncStore","steps":["UNKNOWN_EXCEPTION","SUCCESS"]}`
	if got := call(t, "POST", admin+"/scripts", script, map[string]string{"Content-Type": "application/json"}); got.status != 201 {
		t.Fatalf("script: HTTP %d %s", got.status, got.body)
	}
}

type journalEntry struct {
	Method, URL, OperationID, RawBody string
	Headers                           map[string]string
	Body                              struct{ Store struct{ PosStoreID string } }
	Outcome                           struct{ Source, Name string }
}

func journal(t *testing.T, query string) []journalEntry {
	t.Helper()
	got := call(t, "GET", admin+"/requests"+query, "", nil)
	if got.status != 200 {
		t.Fatalf("journal: HTTP %d %s", got.status, got.body)
	}
	var entries []journalEntry
	if err := json.Unmarshal([]byte(got.body), &entries); err != nil {
		t.Fatal(err)
	}
	return entries
}

func TestScriptedUnknownThenSuccessArriveInOrder(t *testing.T) {
	reset(t)
	scriptUnknownThenSuccess(t)
	var results []string
	for i := 0; i < 2; i++ {
		_, got := sendSyncStore(t)
		var parsed struct {
			Result struct{ ResultStatus, ResultCode string }
		}
		if err := json.Unmarshal([]byte(got.body), &parsed); got.status != 200 || err != nil {
			t.Fatalf("HTTP %d %s %v", got.status, got.body, err)
		}
		results = append(results, parsed.Result.ResultStatus+" "+parsed.Result.ResultCode)
	}
	if want := []string{"U UNKNOWN_EXCEPTION", "S SUCCESS"}; !reflect.DeepEqual(results, want) {
		t.Fatalf("want %v, got %v", want, results)
	}
}

func TestJournalHoldsWhatWasSent(t *testing.T) {
	reset(t)
	scriptUnknownThenSuccess(t)
	first, _ := sendSyncStore(t)
	second, _ := sendSyncStore(t)
	entries := journal(t, "?match.requestId=r-1")
	var outcomes, sources, signatures []string
	for _, entry := range entries {
		outcomes = append(outcomes, entry.Outcome.Name)
		sources = append(sources, entry.Outcome.Source)
		signatures = append(signatures, entry.Headers["signature"])
		if entry.Method != "POST" || entry.URL != syncStore || entry.OperationID != "syncStore" {
			t.Errorf("want POST %s (syncStore), got %s %s (%s)", syncStore, entry.Method, entry.URL, entry.OperationID)
		}
		if entry.RawBody != body || entry.Body.Store.PosStoreID != "s-1" || entry.Headers["client-id"] != clientID {
			t.Errorf("want the body and Client-Id sent, got %s, %q", entry.RawBody, entry.Headers["client-id"])
		}
	}
	if want := []string{"UNKNOWN_EXCEPTION", "SUCCESS"}; !reflect.DeepEqual(outcomes, want) {
		t.Errorf("outcomes: want %v, got %v", want, outcomes)
	}
	if want := []string{"script", "script"}; !reflect.DeepEqual(sources, want) {
		t.Errorf("sources: want %v, got %v", want, sources)
	}
	if want := []string{first, second}; !reflect.DeepEqual(signatures, want) {
		t.Errorf("signatures: want %v, got %v", want, signatures)
	}
}

func TestAnswerSignatureVerifiesWithThePlatformKey(t *testing.T) {
	reset(t)
	// The bare base64 of the key's SPKI DER, as the vendor's Go SDK takes it.
	got := call(t, "GET", admin+"/platform-key?format=base64", "", nil)
	der, err := base64.StdEncoding.DecodeString(strings.TrimSpace(got.body))
	if got.status != 200 || err != nil {
		t.Fatalf("platform key: HTTP %d %s %v", got.status, got.body, err)
	}
	parsed, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		t.Fatal(err)
	}
	platform := parsed.(*rsa.PublicKey)
	_, reply := sendSyncStore(t)
	if reply.status != 200 || reply.headers.Get("client-id") != clientID {
		t.Fatalf("want HTTP 200 echoing %s, got %d %q", clientID, reply.status, reply.headers.Get("client-id"))
	}
	signed := stringToSign(syncStore, reply.headers.Get("client-id"), reply.headers.Get("response-time"), reply.body)
	if !verify(signed, reply.headers.Get("signature"), platform) {
		t.Errorf("the answer's signature does not verify: %q", reply.headers.Get("signature"))
	}
	if verify(signed+" ", reply.headers.Get("signature"), platform) {
		t.Error("a changed body must not verify")
	}
}

func TestResetEmptiesTheJournal(t *testing.T) {
	reset(t)
	sendSyncStore(t)
	if entries := journal(t, ""); len(entries) != 1 {
		t.Fatalf("want 1 request in the journal, got %d", len(entries))
	}
	reset(t)
	if entries := journal(t, ""); len(entries) != 0 {
		t.Fatalf("want an empty journal, got %d", len(entries))
	}
}
