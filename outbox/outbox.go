// Package outbox delivers the notices of the tracing outbox
// ([reckon.Notice]): it tells tracers, by a webhook or by email (SMTP),
// that a tracing request has new candidates. It never writes to a
// family: a tracer decides what to tell them, once a candidate is
// confirmed.
//
// Delivery is at least once: a notice is marked delivered after its
// sender succeeded, and one that failed is tried again after a growing
// wait, its state (attempts, last error, next attempt) kept in the store,
// so that a restart loses nothing.
package outbox

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/http"
	"net/smtp"
	"strings"
	"time"

	"github.com/reckonhq/reckon"
)

// Sender delivers one notice to its recipient (Notice.To).
type Sender interface {
	Send(ctx context.Context, n *reckon.Notice) error
}

// Webhook posts a notice as JSON to its URL: {"id", "request_id",
// "subject", "body"}. A status other than 2xx is a failure. With a
// Secret, the header X-Reckon-Signature carries "sha256=" and the hex
// HMAC-SHA256 of the body, so that the receiver can check the sender.
type Webhook struct {
	// Client sends the requests; nil means a client with a 15-second
	// timeout.
	Client *http.Client
	Secret []byte
}

// Send implements [Sender].
func (w *Webhook) Send(ctx context.Context, n *reckon.Notice) error {
	body, err := json.Marshal(map[string]any{"id": n.ID, "request_id": n.RequestID, "subject": n.Subject, "body": n.Body})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, n.To, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %s: %w", n.To, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "reckon-outbox")
	if len(w.Secret) > 0 {
		mac := hmac.New(sha256.New, w.Secret)
		mac.Write(body)
		req.Header.Set("X-Reckon-Signature", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	}
	c := w.Client
	if c == nil {
		c = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := c.Do(req)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("webhook %s: %s", n.To, resp.Status)
	}
	return nil
}

// SMTP sends a notice as a plain-text email in UTF-8 through a mail
// server (package net/smtp), with STARTTLS when the server offers it.
type SMTP struct {
	Addr string // host:port of the mail server
	From string // the sender's address
	// Auth, if not nil, authenticates (smtp.PlainAuth, which net/smtp
	// refuses to send unencrypted except to localhost).
	Auth smtp.Auth
	// Hello is the name given in EHLO; "" means "localhost".
	Hello string
	// Timeout bounds one delivery; 0 means 30 seconds.
	Timeout time.Duration
}

// Send implements [Sender].
func (m *SMTP) Send(ctx context.Context, n *reckon.Notice) error {
	if strings.ContainsAny(n.To+m.From, "\r\n<>") {
		return fmt.Errorf("smtp: address %q or %q holds a line break or angle bracket", n.To, m.From)
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", m.Addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl)
	}
	host, _, _ := net.SplitHostPort(m.Addr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	defer c.Close()
	hello := m.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(tlsConfig(host)); err != nil {
			return fmt.Errorf("smtp %s: starttls: %w", m.Addr, err)
		}
	}
	if m.Auth != nil {
		if err := c.Auth(m.Auth); err != nil {
			return fmt.Errorf("smtp %s: %w", m.Addr, err)
		}
	}
	if err := c.Mail(m.From); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if err := c.Rcpt(n.To); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if _, err := w.Write(Message(m.From, n)); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("smtp %s: %w", m.Addr, err)
	}
	return c.Quit()
}

// Message returns the email of notice n from from: headers (the subject
// encoded for any script) and the body, quoted-printable UTF-8.
func Message(from string, n *reckon.Notice) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "From: %s\r\nTo: %s\r\nSubject: %s\r\n", from, n.To, mime.QEncoding.Encode("utf-8", oneLine(n.Subject)))
	fmt.Fprintf(&b, "Message-ID: <notice-%d-%d@reckon>\r\n", n.ID, n.CreatedAt.Unix())
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n")
	qp := quotedprintable.NewWriter(&b)
	qp.Write([]byte(strings.ReplaceAll(n.Body, "\n", "\r\n")))
	qp.Close()
	return b.Bytes()
}

func oneLine(s string) string { return strings.NewReplacer("\r", " ", "\n", " ").Replace(s) }

// Options configure [Deliver]. Senders is required.
type Options struct {
	// Senders deliver by channel ("webhook", "smtp"); a notice of a
	// channel without a sender waits.
	Senders map[string]Sender
	// Now returns the current time; nil means time.Now.
	Now func() time.Time
	// MaxAttempts stops retrying a notice after that many failures; 0
	// means 10. The notice stays in the outbox with its last error.
	MaxAttempts int
	// Backoff is the wait after the given failed attempt (1, 2, …); nil
	// means a minute doubled at each attempt, at most a day.
	Backoff func(attempt int) time.Duration
}

// Result counts what [Deliver] did.
type Result struct {
	Sent, Failed, Waiting int
}

// Deliver sends every notice due and records each attempt in s: sent,
// or failed with its error and the time of the next attempt. A store
// error stops it; a sender's error does not.
func Deliver(ctx context.Context, s reckon.TraceStore, opt Options) (Result, error) {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	maxAttempts := opt.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 10
	}
	backoff := opt.Backoff
	if backoff == nil {
		backoff = func(a int) time.Duration {
			d := time.Minute << min(a-1, 20)
			return min(d, 24*time.Hour)
		}
	}
	var res Result
	due, err := s.Notices(reckon.WithTraceContacts(ctx), true, now())
	if err != nil {
		return res, fmt.Errorf("deliver: %w", err)
	}
	for _, n := range due {
		snd := opt.Senders[n.Channel]
		if snd == nil || n.Attempts >= maxAttempts {
			res.Waiting++
			continue
		}
		if err := snd.Send(ctx, n); err != nil {
			res.Failed++
			if merr := s.MarkNotice(ctx, n.ID, false, err.Error(), now().Add(backoff(n.Attempts+1))); merr != nil {
				return res, fmt.Errorf("deliver: %w", merr)
			}
			continue
		}
		res.Sent++
		if err := s.MarkNotice(ctx, n.ID, true, "", time.Time{}); err != nil {
			return res, fmt.Errorf("deliver: %w", err)
		}
	}
	return res, nil
}

// tlsConfig is the TLS of STARTTLS with the mail server host.
func tlsConfig(host string) *tls.Config {
	return &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
}
