package server

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/reckonhq/reckon"
	"github.com/reckonhq/reckon/figure"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed assets/style.css
var styleSource []byte

// styleCSS is the one stylesheet of the pages: the grade palette and font
// stack of package figure, the one table every surface draws from, then
// assets/style.css and the work forms' (see work.go).
var styleCSS = slices.Concat([]byte(themeCSS()), styleSource, []byte(figure.ChartCSS), workCSS)

// themeCSS declares figure's palette and font stack as CSS variables.
func themeCSS() string {
	var b strings.Builder
	b.WriteString(":root {")
	for _, g := range figure.Grades {
		b.WriteString(" --" + g.Class + ": " + g.Color + ";")
	}
	b.WriteString(" --rejected: " + figure.Rejected + "; --font: " + figure.FontStack + "; }\n")
	return b.String()
}

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
	"resume", "sourcenew", "sourceedit", "documentnew", "import", "link", "estimaterun", "users", "roll", "rollperson", "corrections", "releases"}

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
	parseTracePages(p)
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
	"claim":      func(c *reckon.Claim) string { return figure.Claim(c) },
	"claimRange": figure.Range,
	"contraKind": figure.ContradictionLabel,
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

// roundNum writes an estimate rounded by the one rule of package figure.
func roundNum(v float64) string { return figure.Round(v) }

// formatNum writes a count with comma grouping (figure.Count); nil is "".
func formatNum(n any) string {
	switch x := n.(type) {
	case int:
		return figure.Count(int64(x))
	case int64:
		return figure.Count(x)
	case *int64:
		if x == nil {
			return ""
		}
		return figure.Count(*x)
	}
	return fmt.Sprint(n)
}

// formatInterval writes an interval for people (figure.Interval).
func formatInterval(iv reckon.Interval) string { return figure.Interval(iv) }

// gradeName explains the reliability letter of an Admiralty grade.
func gradeName(g reckon.Grade) string { return figure.Grade(g).Name }
