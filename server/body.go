package server

import (
	"errors"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/reckonhq/reckon"
)

// codeBodyTimeout is the code of a request whose body did not arrive in
// the request's time.
const codeBodyTimeout = "request_timeout"

func init() { statusOf[codeBodyTimeout] = http.StatusRequestTimeout }

// timedBody is a request body that must arrive within the request's
// time: the connection's read deadline is set when the handler starts,
// so that a body trickled a byte at a time is cut off rather than
// holding the connection (the request's context does not stop a read).
// At the end of the body the deadline is lifted again: the server then
// only watches for the client going away.
type timedBody struct {
	body    io.ReadCloser
	rc      *http.ResponseController
	start   time.Time // when the request reached the server
	timeout time.Duration
	done    bool // the body was read to its end
}

// newTimedBody returns body with the read deadline of the connection
// behind w set to timeout from now.
func newTimedBody(w http.ResponseWriter, body io.ReadCloser, timeout time.Duration) *timedBody {
	b := &timedBody{body: body, rc: http.NewResponseController(w), start: time.Now()}
	b.setTimeout(timeout)
	return b
}

// setTimeout moves the deadline to timeout from the start of the
// request, for routes that take longer bodies.
func (b *timedBody) setTimeout(timeout time.Duration) {
	b.timeout = timeout
	if !b.done {
		// Without a connection (httptest.ResponseRecorder) there is no
		// deadline to set; the body is then read as it comes.
		b.rc.SetReadDeadline(b.start.Add(timeout))
	}
}

func (b *timedBody) Read(p []byte) (int, error) {
	n, err := b.body.Read(p)
	switch {
	case err == io.EOF && !b.done:
		b.done = true
		b.rc.SetReadDeadline(time.Time{})
	case err != nil && errors.Is(err, os.ErrDeadlineExceeded):
		err = &reckon.Error{Code: codeBodyTimeout, Message: "the request body did not arrive within " + b.timeout.String() + ": send it faster, or in one piece"}
	}
	return n, err
}

func (b *timedBody) Close() error { return b.body.Close() }
