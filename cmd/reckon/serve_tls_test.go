package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon/pipeline"
	"github.com/reckonhq/reckon/sqlite"
)

// lockedBuffer is a bytes.Buffer safe for a writer and a reader.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeTLS serves HTTPS with a certificate and key given by flags.
func TestServeTLS(t *testing.T) {
	dir := t.TempDir()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	kder, _ := x509.MarshalECPrivateKey(key)
	certFile, keyFile := filepath.Join(dir, "cert.pem"), filepath.Join(dir, "key.pem")
	os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600)
	os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kder}), 0o600)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := sqlite.Open(ctx, filepath.Join(dir, "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	out := &lockedBuffer{}
	e := &env{stdout: out, stderr: io.Discard, getenv: func(string) string { return "" }}
	done := make(chan error, 1)
	go func() {
		done <- serve(ctx, e, store, serveFlags{addr: "127.0.0.1:0", tlsCert: certFile, tlsKey: keyFile}, "test", pipeline.EngineOptions{})
	}()
	var url string
	for start := time.Now(); url == "" && time.Since(start) < 10*time.Second; time.Sleep(20 * time.Millisecond) {
		url = regexp.MustCompile(`https://127\.0\.0\.1:\d+/`).FindString(out.String())
	}
	if url == "" {
		t.Fatalf("no https address in %q", out.String())
	}
	pool := x509.NewCertPool()
	cert, _ := x509.ParseCertificate(der)
	pool.AddCert(cert)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	res, err := client.Get(url + "api/v1/sources")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK || res.Header.Get("Strict-Transport-Security") == "" {
		t.Errorf("GET over TLS: %d, HSTS %q", res.StatusCode, res.Header.Get("Strict-Transport-Security"))
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve: %v", err)
	}

	// A key without its certificate is one clear error.
	err = serve(context.Background(), e, store, serveFlags{addr: "127.0.0.1:0", tlsKey: keyFile}, "test", pipeline.EngineOptions{})
	if err == nil || !regexp.MustCompile(`--tls-cert and --tls-key go together`).MatchString(err.Error()) {
		t.Errorf("key without certificate: %v", err)
	}
}
