package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/style.css
var baseCSS []byte

// styleCSS is the one stylesheet of the pages: the reading pages' and
// the work forms' (see work.go).
var styleCSS = slices.Concat(baseCSS, workCSS)

//go:embed assets/openapi.json
var openAPIDoc []byte

// styleVersion fingerprints the stylesheet so that pages can ask browsers
// to keep it forever.
var styleVersion = func() string {
	sum := sha256.Sum256(styleCSS)
	return hex.EncodeToString(sum[:6])
}()

// pageNames are the templates in templates/, each defining "content" for
// the layout.
var pageNames = []string{"overview", "claims", "claim", "documents", "document", "sources", "source", "records", "error",
	"persons", "person", "lists", "estimates", "estimate", "reconcile", "review", "login",
	"resume", "sourcenew", "sourceedit", "documentnew", "import", "link", "estimaterun", "users"}

// pages holds one template set per page: the layout, the shared
// partials and the page's own content.
type pages struct {
	sets map[string]*template.Template
}

func mustParsePages() *pages {
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		t := template.New("layout.html").Funcs(templateFuncs)
		t = template.Must(t.ParseFS(templateFS, "templates/layout.html", "templates/partials.html", "templates/who.html", "templates/"+name+".html"))
		p.sets[name] = t
	}
	return p
}

// page is what the layout needs; Body is the page's own view.
type page struct {
	Title    string
	Nav      string // which main navigation entry is current
	ReadOnly bool
	Style    string // the stylesheet's fingerprint
	Body     any
	// Auth says that the server signs people in; User is who is signed
	// in (nil: nobody). Can says what the request may change, so that a
	// page shows only the forms its reader may use. Here is the page's
	// own path and query, where the sign-in link returns to.
	Auth bool
	User *reckon.User
	Can  permissions
	Here string
	// Refresh, when above zero, reloads the page after that many
	// seconds: a progress page of work going on in the background.
	Refresh int
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes the page template name with status 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, name string, p page) error {
	return s.renderStatus(w, r, http.StatusOK, name, p)
}

func (s *Server) renderStatus(w http.ResponseWriter, r *http.Request, status int, name string, p page) error {
	p.ReadOnly = s.opt.ReadOnly
	p.Style = styleVersion
	p.Auth, p.User, p.Can, p.Here = s.opt.Auth, authUser(r), s.permissions(r), herePath(r)
	buf := bufPool.Get().(*bytes.Buffer)
	buf.Reset()
	defer bufPool.Put(buf)
	if err := s.pages.sets[name].Execute(buf, p); err != nil {
		if status >= 500 {
			http.Error(w, "internal error", status) // the error page itself failed
			s.log.Error("render error page", "err", err)
			return nil
		}
		return fmt.Errorf("render %s: %w", name, err)
	}
	s.send(w, r, status, "text/html; charset=utf-8", buf.Bytes())
	return nil
}

// styleSheet serves the embedded stylesheet; a request naming the current
// fingerprint may be cached for a year.
func (s *Server) styleSheet(w http.ResponseWriter, r *http.Request) error {
	if r.URL.Query().Get("v") == styleVersion {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=300")
	}
	s.send(w, r, http.StatusOK, "text/css; charset=utf-8", styleCSS)
	return nil
}

var templateFuncs = template.FuncMap{
	"num":        formatNum,
	"interval":   formatInterval,
	"date":       func(t time.Time) string { return t.UTC().Format("2006-01-02") },
	"datetime":   func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") },
	"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"words":      func(s string) string { return strings.ReplaceAll(s, "_", " ") },
	"gradeClass": gradeClass,
	"claimTable": claimTable,
	"gradeName":  gradeName,
	"inc":        func(i int) int { return i + 1 },
	"add": func(xs ...int) int {
		n := 0
		for _, x := range xs {
			n += x
		}
		return n
	},
	"round":        roundNum,
	"estInterval":  estimateInterval,
	"linkInterval": linkageInterval,
	"list":         func(xs ...string) []string { return xs },
	"query": func(base string, kv ...any) template.URL {
		v := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			val := fmt.Sprint(kv[i+1])
			if val != "" && val != "0" {
				v.Set(fmt.Sprint(kv[i]), val)
			}
		}
		if len(v) == 0 {
			return template.URL(base)
		}
		return template.URL(base + "?" + v.Encode())
	},
	// plural writes "1 claim", "2 claims".
	"plural": func(n int, noun string) string {
		if n == 1 {
			return "1 " + noun
		}
		return formatNum(n) + " " + noun + "s"
	},
}

// roundNum writes a float rounded to a whole number with grouping; NaN
// and infinities as words.
func roundNum(v float64) string {
	switch {
	case math.IsNaN(v):
		return "–"
	case math.IsInf(v, 1):
		return "∞"
	case math.IsInf(v, -1):
		return "−∞"
	}
	return formatNum(int64(math.Round(v)))
}

// formatNum writes n with thin-space-free comma grouping: 12,345.
func formatNum(n any) string {
	var v int64
	switch x := n.(type) {
	case int:
		v = int64(x)
	case int64:
		v = x
	case *int64:
		if x == nil {
			return ""
		}
		v = *x
	default:
		return fmt.Sprint(n)
	}
	s := strconv.FormatInt(v, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// formatInterval writes an interval for people: "300–600", "300",
// "≥ 301", "≤ 600", "unknown".
func formatInterval(iv reckon.Interval) string {
	switch {
	case iv.Low != nil && iv.High != nil && *iv.Low == *iv.High:
		return formatNum(*iv.Low)
	case iv.Low != nil && iv.High != nil:
		return formatNum(*iv.Low) + "–" + formatNum(*iv.High)
	case iv.Low != nil:
		return "≥ " + formatNum(*iv.Low)
	case iv.High != nil:
		return "≤ " + formatNum(*iv.High)
	}
	return "unknown"
}

// gradeName explains the reliability letter of an Admiralty grade.
func gradeName(g reckon.Grade) string {
	names := map[byte]string{
		'A': "completely reliable", 'B': "usually reliable", 'C': "fairly reliable",
		'D': "not usually reliable", 'E': "unreliable", 'F': "reliability cannot be judged",
	}
	if n, ok := names[g.Reliability]; ok {
		return n
	}
	return "ungraded"
}
