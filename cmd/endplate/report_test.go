//go:build !race

// The race detector adds nothing to a test whose work is done by an external browser, and the demo it
// drives is raced by TestDemo already; without it the test runs in seconds rather than minutes.

package main

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// chromium returns Debian's headless browser, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: the rendering of report.html is not checked here (.ci/run installs Debian's chromium where apt is available)")
	return ""
}

// external finds what an HTML page would load from outside itself: src/href/data attributes of the
// loading elements and CSS url(…) that are not data: URIs or #fragments.
var (
	loadTag = regexp.MustCompile(`(?i)<(img|script|link|iframe|object|embed|source|video|audio)\b[^>]*>`)
	loadRef = regexp.MustCompile(`(?i)\b(?:src|href|data)\s*=\s*["']?([^"'\s>]+)`)
	cssURL  = regexp.MustCompile(`(?i)url\(\s*["']?([^"')]+)`)
)

func external(html string) []string {
	var out []string
	local := func(v string) bool {
		return strings.HasPrefix(strings.ToLower(v), "data:") || strings.HasPrefix(v, "#")
	}
	for _, tag := range loadTag.FindAllString(html, -1) {
		for _, m := range loadRef.FindAllStringSubmatch(tag, -1) {
			if !local(m[1]) {
				out = append(out, tag)
			}
		}
	}
	for _, m := range cssURL.FindAllStringSubmatch(html, -1) {
		if !local(m[1]) {
			out = append(out, m[0])
		}
	}
	return out
}

// TestDemoReportRendered runs the demo and opens its report.html in headless Chromium, as a reader
// would: the page loads nothing from outside, the rendered page holds the real-vs-sham table and every
// figure the demo wrote (one inline SVG per PNG, each with drawn paths), and a screenshot is not blank.
func TestDemoReportRendered(t *testing.T) {
	chrome := chromium(t)
	out, code, _, stderr := runDemoOnce(t)
	if code != exitOK {
		t.Fatalf("demo: exit %d\n%s", code, stderr)
	}
	pngs, _ := filepath.Glob(filepath.Join(out, "figures", "*.png"))
	// At least one figure of each kind the issue names.
	for _, kind := range []string{"-cmap", "-motor", "-fwave", "-rns", "-ach-app", "-rundown", "-dose", "-cmapscan", "paired-"} {
		found := false
		for _, p := range pngs {
			found = found || strings.Contains(filepath.Base(p), kind)
		}
		if !found {
			t.Errorf("no %s figure among %d PNGs", kind, len(pngs))
		}
	}
	page := filepath.Join(out, "report.html")
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if ext := external(string(b)); len(ext) > 0 {
		t.Errorf("report.html loads from outside the file: %q", ext[:min(3, len(ext))])
	}

	flags := []string{"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
		"--user-data-dir=" + filepath.Join(out, "chrome-profile")}
	url := "file://" + page
	dom := browse(t, chrome, append(flags, "--virtual-time-budget=5000", "--dump-dom", url)...)
	tables := regexp.MustCompile(`(?is)<table\b.*?</table>`).FindAllString(dom, -1)
	realSham := false
	for _, tab := range tables {
		realSham = realSham || (regexp.MustCompile(`(?i)\breal\b`).MatchString(tab) && regexp.MustCompile(`(?i)\bsham\b`).MatchString(tab))
	}
	if !realSham {
		t.Errorf("the rendered page has %d tables, none naming real and sham", len(tables))
	}
	svgs := regexp.MustCompile(`(?is)<svg\b.*?</svg>`).FindAllString(dom, -1)
	if len(svgs) != len(pngs) {
		t.Errorf("%d figures in the rendered page, %d PNGs written", len(svgs), len(pngs))
	}
	for i, s := range svgs {
		if n := strings.Count(s, "<path"); n < 10 {
			t.Errorf("figure %d has %d paths: not drawn", i+1, n)
		}
	}

	// It prints: Chromium's print to PDF gives a document of several pages.
	pdf := filepath.Join(out, "report.pdf")
	browse(t, chrome, append(flags, "--no-pdf-header-footer", "--print-to-pdf="+pdf, url)...)
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Errorf("report.html does not print to PDF: %v", err)
	} else if n := len(regexp.MustCompile(`/Type\s*/Page\b`).FindAll(b, -1)); n < 3 {
		t.Errorf("printed report has %d pages", n)
	} else {
		t.Logf("report.html prints to %d pages", n)
	}

	shot := filepath.Join(out, "shot.png")
	browse(t, chrome, append(flags, "--window-size=1280,2400", "--hide-scrollbars", "--screenshot="+shot, url)...)
	f, err := os.ReadFile(shot)
	if err != nil {
		t.Fatalf("no screenshot: %v", err)
	}
	img, err := png.Decode(bytes.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	// A blank page is one colour: the grey levels' SD over the screenshot is 0.
	var s, ss, n float64
	bd := img.Bounds()
	for y := bd.Min.Y; y < bd.Max.Y; y += 2 {
		for x := bd.Min.X; x < bd.Max.X; x += 2 {
			r, g, b, _ := img.At(x, y).RGBA()
			v := float64(r+g+b) / 3 / 0xffff
			s, ss, n = s+v, ss+v*v, n+1
		}
	}
	if sd := math.Sqrt(ss/n - (s/n)*(s/n)); sd < 0.02 {
		t.Errorf("screenshot grey-level SD %.4f: the page renders blank", sd)
	}
}

// browse runs chromium with args (two minutes at most) and returns its standard output.
func browse(t *testing.T, chrome string, args ...string) string {
	t.Helper()
	cmd := exec.Command(chrome, args...)
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatalf("chromium: %v", err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Logf("chromium: %v", err)
		}
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		<-done
		t.Fatal("chromium did not finish within 2 minutes")
	}
	return stdout.String()
}
