package outbox_test

import (
	"bufio"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/outbox"
	"github.com/reckonhq/reckon/sqlite"
)

func openStore(t *testing.T) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "reckon.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func request(t *testing.T, s reckon.Store) *reckon.TraceRequest {
	t.Helper()
	r := &reckon.TraceRequest{Sought: reckon.Sought{Names: []string{"김철수"}}, Contact: reckon.Contact{Email: "family@example.org"}, Consent: true}
	if err := s.CreateTraceRequest(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestWebhook: the first post fails (503) and is retried after the
// backoff; the second arrives signed, and the notice is marked sent.
func TestWebhook(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	r := request(t, s)
	var mu sync.Mutex
	var got []map[string]any
	calls := 0
	secret := []byte("hook secret")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		b, _ := io.ReadAll(req.Body)
		mac := hmac.New(sha256.New, secret)
		mac.Write(b)
		if req.Header.Get("X-Reckon-Signature") != "sha256="+hex.EncodeToString(mac.Sum(nil)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var m map[string]any
		json.Unmarshal(b, &m)
		got = append(got, m)
	}))
	defer srv.Close()
	n := &reckon.Notice{RequestID: r.ID, Channel: "webhook", To: srv.URL + "/hook", Subject: "new candidates", Body: "request 1: 김철수"}
	if err := s.AddNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	opt := outbox.Options{Senders: map[string]outbox.Sender{"webhook": &outbox.Webhook{Secret: secret}}, Now: func() time.Time { return now }}
	res, err := outbox.Deliver(ctx, s, opt)
	if err != nil || res.Failed != 1 || res.Sent != 0 {
		t.Fatalf("first delivery %+v, %v", res, err)
	}
	// Not due again before its backoff.
	if res, _ := outbox.Deliver(ctx, s, opt); res.Failed+res.Sent != 0 {
		t.Fatalf("retried before the backoff: %+v", res)
	}
	now = now.Add(2 * time.Minute)
	res, err = outbox.Deliver(ctx, s, opt)
	if err != nil || res.Sent != 1 {
		t.Fatalf("second delivery %+v, %v", res, err)
	}
	if len(got) != 1 || got[0]["body"] != "request 1: 김철수" || got[0]["request_id"] != float64(r.ID) {
		t.Fatalf("received %v", got)
	}
	all, _ := s.Notices(ctx, false, time.Time{})
	if len(all) != 1 || all[0].SentAt == nil || all[0].Attempts != 2 {
		t.Fatalf("stored %+v", all[0])
	}
}

// fakeSMTP is a tiny mail server: it speaks enough SMTP for net/smtp
// and keeps each message's envelope and data.
type fakeSMTP struct {
	ln   net.Listener
	mu   sync.Mutex
	msgs []mail
	wg   sync.WaitGroup
}

type mail struct {
	from, to, data string
}

func newFakeSMTP(t *testing.T) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln}
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			f.serve(c)
		}
	}()
	t.Cleanup(func() { ln.Close(); f.wg.Wait() })
	return f
}

func (f *fakeSMTP) serve(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(10 * time.Second))
	r := bufio.NewReader(c)
	say := func(s string) { io.WriteString(c, s+"\r\n") }
	say("220 fake ESMTP")
	var m mail
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-fake\r\n250 8BITMIME")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m.from = strings.Trim(strings.Fields(strings.TrimSpace(line)[10:])[0], "<>")
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = strings.Trim(strings.TrimSpace(line)[8:], "<>")
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(strings.TrimPrefix(l, "."))
			}
			m.data = b.String()
			f.mu.Lock()
			f.msgs = append(f.msgs, m)
			f.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// TestSMTP: a notice is mailed to the tracers through the fake server,
// its subject encoded, its Hangul body intact.
func TestSMTP(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	r := request(t, s)
	f := newFakeSMTP(t)
	n := &reckon.Notice{RequestID: r.ID, Channel: "smtp", To: "tracers@example.org", Subject: "새 후보 — new candidates", Body: "Tracing request 1 (김철수) has 1 new candidate(s)\n  record 4"}
	if err := s.AddNotice(ctx, n); err != nil {
		t.Fatal(err)
	}
	opt := outbox.Options{Senders: map[string]outbox.Sender{"smtp": &outbox.SMTP{Addr: f.ln.Addr().String(), From: "reckon@example.org"}}}
	res, err := outbox.Deliver(ctx, s, opt)
	if err != nil || res.Sent != 1 {
		t.Fatalf("delivery %+v, %v", res, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.msgs) != 1 || f.msgs[0].to != "tracers@example.org" || f.msgs[0].from != "reckon@example.org" {
		t.Fatalf("mail %+v", f.msgs)
	}
	head, body, _ := strings.Cut(f.msgs[0].data, "\r\n\r\n")
	if !strings.Contains(head, "Subject: =?utf-8?q?") {
		t.Errorf("subject not encoded: %s", head)
	}
	plain, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(body)))
	if err != nil || !strings.Contains(string(plain), "김철수") {
		t.Errorf("body %q, %v", plain, err)
	}
}

// TestSMTPFailureKept: an unreachable mail server is a failed attempt
// kept with its error, not a lost notice; after MaxAttempts it waits.
func TestSMTPFailureKept(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	r := request(t, s)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close() // nothing listens there now
	if err := s.AddNotice(ctx, &reckon.Notice{RequestID: r.ID, Channel: "smtp", To: "tracers@example.org", Subject: "s", Body: "b"}); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	opt := outbox.Options{Senders: map[string]outbox.Sender{"smtp": &outbox.SMTP{Addr: addr, From: "reckon@example.org", Timeout: 2 * time.Second}},
		Now: func() time.Time { return now }, MaxAttempts: 2, Backoff: func(int) time.Duration { return time.Second }}
	for i := 0; i < 2; i++ {
		res, err := outbox.Deliver(ctx, s, opt)
		if err != nil || res.Failed != 1 {
			t.Fatalf("attempt %d: %+v, %v", i, res, err)
		}
		now = now.Add(2 * time.Second)
	}
	res, _ := outbox.Deliver(ctx, s, opt)
	if res.Waiting != 1 || res.Failed != 0 {
		t.Fatalf("after max attempts: %+v", res)
	}
	all, _ := s.Notices(ctx, false, time.Time{})
	if all[0].SentAt != nil || all[0].Attempts != 2 || !strings.Contains(all[0].LastError, "smtp") {
		t.Fatalf("kept %+v", all[0])
	}
}
